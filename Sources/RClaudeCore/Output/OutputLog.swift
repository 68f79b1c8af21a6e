import Synchronization

/// An append-only, offset-addressed byte log with any number of live subscribers.
///
/// Bytes go to `storage` first (so a crash loses nothing already appended), then into an
/// in-memory tail of at most `memoryLimit` bytes. Subscribers read from any offset: recent bytes
/// come from memory, older ones are read back from storage, so memory stays bounded however long
/// the task runs and however slow a reader is (readers pull; nothing is queued per reader).
/// Like tmux's `window_pane_offset`, a reader below `baseOffset` gets `.truncated(resumeAt:)`.
public actor OutputLog {
    private let storage: (any OutputLogStorage)?
    /// The newest bytes, in a ring (dropping old bytes moves nothing).
    private var tail: ByteRing
    private var tailStart: OutputOffset
    private var end: OutputOffset
    /// The oldest offset that can still be read.
    public private(set) var baseOffset: OutputOffset
    /// Whether no more bytes will come.
    public private(set) var isFinished = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    /// Creates a log.
    ///
    /// - Parameters:
    ///   - storage: where bytes are persisted; `nil` keeps only the in-memory tail (older bytes are lost).
    ///   - memoryLimit: the most bytes held in memory.
    public init(storage: (any OutputLogStorage)?, memoryLimit: Int = 1 << 20) throws {
        self.storage = storage
        self.tail = ByteRing(capacity: max(1, memoryLimit))
        let existing = try storage?.size() ?? 0
        self.tailStart = existing
        self.end = existing
        self.baseOffset = 0
    }

    /// The offset the next appended byte will get.
    public var endOffset: OutputOffset { end }

    /// Appends bytes.
    ///
    /// - Returns: the offset of the first appended byte.
    /// - Throws: when storage fails; the bytes are then not part of the log.
    @discardableResult
    public func append(_ bytes: [UInt8]) throws -> OutputOffset {
        let offset = end
        guard !bytes.isEmpty else { return offset }
        try storage?.append(bytes)
        let dropped = tail.append(bytes)
        end += OutputOffset(bytes.count)
        if dropped > 0 {
            tailStart += OutputOffset(dropped)
            if storage == nil { baseOffset = tailStart }
        }
        wakeAll()
        return offset
    }

    /// Marks the log complete: readers at the end see the end of the stream.
    public func finish() {
        isFinished = true
        wakeAll()
    }

    /// Reads what is available from `offset`, waiting until at least one byte exists or the log finishes.
    ///
    /// - Returns: `.truncated` when `offset` is below `baseOffset`, `.data` with up to `maxCount`
    ///   bytes, or `nil` at the end of a finished log (or when the calling task is cancelled).
    public func read(from offset: OutputOffset, maxCount: Int = 64 * 1024) async -> OutputEvent? {
        while true {
            if offset < baseOffset { return .truncated(resumeAt: baseOffset) }
            if offset < end { return readAvailable(from: offset, maxCount: max(1, maxCount)) }
            if isFinished || Task.isCancelled { return nil }
            await waitForChange()
        }
    }

    private func readAvailable(from offset: OutputOffset, maxCount: Int) -> OutputEvent {
        if offset >= tailStart {
            let start = Int(offset - tailStart)
            let count = min(maxCount, tail.count - start)
            return .data(OutputChunk(offset: offset, bytes: tail.bytes(from: start, length: count)))
        }
        let count = Int(min(OutputOffset(maxCount), tailStart - offset))
        if let storage, let bytes = try? storage.read(from: offset, maxCount: count), !bytes.isEmpty {
            return .data(OutputChunk(offset: offset, bytes: bytes))
        }
        // Storage could not give the old bytes back: skip to what memory holds.
        return .truncated(resumeAt: tailStart)
    }

    private func waitForChange() async {
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeAll() {
        let pending = waiters
        waiters.removeAll()
        for continuation in pending.values { continuation.resume() }
    }

    /// A stream of everything from `offset` on, live, until the log finishes.
    public nonisolated func subscribe(from offset: OutputOffset = 0, maxChunk: Int = 64 * 1024) -> OutputSubscription {
        OutputSubscription(log: self, start: offset, maxChunk: maxChunk)
    }
}

/// An `AsyncSequence` over an `OutputLog` starting at an offset.
public struct OutputSubscription: AsyncSequence, Sendable {
    public typealias Element = OutputEvent
    let log: OutputLog
    let start: OutputOffset
    let maxChunk: Int

    public func makeAsyncIterator() -> Iterator { Iterator(log: log, position: start, maxChunk: maxChunk) }

    /// Pulls the next event from the log.
    public struct Iterator: AsyncIteratorProtocol {
        let log: OutputLog
        var position: OutputOffset
        let maxChunk: Int

        public mutating func next() async -> OutputEvent? {
            guard let event = await log.read(from: position, maxCount: maxChunk) else { return nil }
            switch event {
            case .data(let chunk): position = chunk.endOffset
            case .truncated(let resumeAt): position = resumeAt
            }
            return event
        }
    }
}

/// Keeps output in memory only (tests, previews).
public final class InMemoryOutputStorage: OutputLogStorage {
    private let bytes = Mutex<[UInt8]>([])

    /// Creates empty storage.
    public init() {}

    public func append(_ newBytes: [UInt8]) throws { bytes.withLock { $0.append(contentsOf: newBytes) } }

    public func read(from offset: OutputOffset, maxCount: Int) throws -> [UInt8] {
        bytes.withLock { bytes in
            guard offset < OutputOffset(bytes.count) else { return [] }
            let start = Int(offset)
            return Array(bytes[start..<min(bytes.count, start + maxCount)])
        }
    }

    public func size() throws -> OutputOffset { bytes.withLock { OutputOffset($0.count) } }
}
