/// Splits a byte stream into lines, whatever the chunking. Lines may be arbitrarily long (an
/// agent's tool result can be megabytes); partial lines are held until their newline arrives.
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// Creates an empty splitter.
    public init() {}

    /// Feeds a chunk and returns the lines it completed (without `\n`).
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        var index = chunk.startIndex
        while index != chunk.endIndex {
            if chunk[index] == 0x0A {
                if pending.isEmpty {
                    lines.append(Array(chunk[start..<index]))
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    lines.append(pending)
                    pending.removeAll(keepingCapacity: true)
                }
                start = chunk.index(after: index)
            }
            index = chunk.index(after: index)
        }
        pending.append(contentsOf: chunk[start..<chunk.endIndex])
        return lines
    }

    /// Returns the unterminated last line, if any, and empties the splitter.
    public mutating func finish() -> [UInt8]? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : pending
    }
}
