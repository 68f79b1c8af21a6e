import RClaudeCore

/// A binary message on the output WebSocket: the offset of its first byte (8 bytes, big
/// endian), then the bytes. Carrying the offset lets a client check for gaps and resume exactly.
public enum OutputFrame {
    /// The size of the offset header.
    public static let headerSize = 8

    /// The message for `chunk`.
    public static func encode(_ chunk: OutputChunk) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(headerSize + chunk.bytes.count)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: chunk.offset >> UInt64(shift))) }
        bytes += chunk.bytes
        return bytes
    }

    /// The chunk a message carries.
    ///
    /// - Throws: `CoreError` `.invalidInput` for a message shorter than its header.
    public static func decode(_ message: some Collection<UInt8>) throws -> OutputChunk {
        guard message.count >= headerSize else {
            throw CoreError(code: .invalidInput, message: "an output message of \(message.count) bytes is shorter than its 8-byte offset")
        }
        var offset: OutputOffset = 0
        for byte in message.prefix(headerSize) { offset = offset << 8 | OutputOffset(byte) }
        return OutputChunk(offset: offset, bytes: Array(message.dropFirst(headerSize)))
    }
}
