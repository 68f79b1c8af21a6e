/// A position in a task's output: the number of bytes that came before.
public typealias OutputOffset = UInt64

/// A contiguous run of output bytes and where it starts.
public struct OutputChunk: Sendable, Equatable {
    /// The offset of the first byte.
    public var offset: OutputOffset
    /// The bytes.
    public var bytes: [UInt8]

    /// Creates a chunk.
    public init(offset: OutputOffset, bytes: [UInt8]) {
        self.offset = offset
        self.bytes = bytes
    }

    /// The offset just past the last byte.
    public var endOffset: OutputOffset { offset + OutputOffset(bytes.count) }
}

/// What a subscriber to an `OutputLog` receives.
public enum OutputEvent: Sendable, Equatable {
    /// Bytes, in order, without gaps except after `.truncated`.
    case data(OutputChunk)
    /// Bytes before `resumeAt` are gone; delivery continues from there.
    case truncated(resumeAt: OutputOffset)
}

/// Durable storage behind an `OutputLog` (a file in the cache; memory in tests).
public protocol OutputLogStorage: Sendable {
    /// Appends bytes at the end.
    ///
    /// - Throws: when the bytes could not be stored (disk full, …).
    func append(_ bytes: [UInt8]) throws
    /// Reads up to `maxCount` bytes starting at `offset`.
    func read(from offset: OutputOffset, maxCount: Int) throws -> [UInt8]
    /// The number of bytes stored.
    func size() throws -> OutputOffset
}
