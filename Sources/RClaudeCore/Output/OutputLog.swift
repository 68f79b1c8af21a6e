import Synchronization

/// An append-only, offset-addressed byte log with any number of live subscribers.
///
/// Bytes go to `storage` first (so a crash loses nothing already appended), then into an
/// in-memory tail of at most `memoryLimit` bytes. Subscribers read from any offset: recent bytes
/// come from memory, older ones are read back from storage, so memory stays bounded however long
/// the task runs and however slow a reader is (readers pull; nothing is queued per reader).
/// Like tmux's `window_pane_offset`, a reader below `baseOffset` gets `.truncated(resumeAt:)`.
///
/// A reader that has caught up can instead be handed each append as it happens, on the
/// appending thread (`addTap`): a terminal's echo then reaches an attached client without a
/// hand-off to another thread.
public final class OutputLog: Sendable {
    private let storage: (any OutputLogStorage)?
    private let state: Mutex<State>

    private struct State {
        /// The newest bytes, in a ring (dropping old bytes moves nothing).
        var tail: ByteRing
        var tailStart: OutputOffset
        var end: OutputOffset
        var baseOffset: OutputOffset = 0
        var isFinished = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var taps: [Int: Tap] = [:]
        var nextTap = 0
    }

    /// What a tap is handed: each append in order, then the end of the log.
    public enum TapEvent: Sendable {
        /// Bytes just appended.
        case data(OutputChunk)
        /// The log finished.
        case finished
    }

    /// A live reader called on the appending thread, under the log's lock: it must not block.
    /// Returning `false` removes it (it could not keep up, or it is done).
    public typealias Tap = @Sendable (TapEvent) -> Bool

    /// Creates a log.
    ///
    /// - Parameters:
    ///   - storage: where bytes are persisted; `nil` keeps only the in-memory tail (older bytes are lost).
    ///   - memoryLimit: the most bytes held in memory.
    public init(storage: (any OutputLogStorage)?, memoryLimit: Int = 1 << 20) throws {
        self.storage = storage
        let existing = try storage?.size() ?? 0
        self.state = Mutex(State(tail: ByteRing(capacity: max(1, memoryLimit)), tailStart: existing, end: existing))
    }

    /// The offset the next appended byte will get.
    public var endOffset: OutputOffset { state.withLock { $0.end } }

    /// The oldest offset that can still be read.
    public var baseOffset: OutputOffset { state.withLock { $0.baseOffset } }

    /// Whether no more bytes will come.
    public var isFinished: Bool { state.withLock { $0.isFinished } }

    /// Appends bytes (from one thread at a time, in order).
    ///
    /// - Returns: the offset of the first appended byte.
    /// - Throws: when storage fails; the bytes are then not part of the log.
    @discardableResult
    public func append(_ bytes: [UInt8]) throws -> OutputOffset {
        let storage = self.storage
        let (offset, waiters) = try state.withLock {
            state throws -> (OutputOffset, [CheckedContinuation<Void, Never>]) in
            let offset = state.end
            guard !bytes.isEmpty else { return (offset, []) }
            try storage?.append(bytes)
            let dropped = state.tail.append(bytes)
            state.end += OutputOffset(bytes.count)
            if dropped > 0 {
                state.tailStart += OutputOffset(dropped)
                if storage == nil { state.baseOffset = state.tailStart }
            }
            if !state.taps.isEmpty {
                let chunk = OutputChunk(offset: offset, bytes: bytes)
                for (id, tap) in state.taps where !tap(.data(chunk)) { state.taps.removeValue(forKey: id) }
            }
            return (offset, Self.takeWaiters(&state))
        }
        for waiter in waiters { waiter.resume() }
        return offset
    }

    /// Marks the log complete: readers at the end see the end of the stream.
    public func finish() {
        let waiters = state.withLock { state in
            state.isFinished = true
            for tap in state.taps.values { _ = tap(.finished) }
            state.taps.removeAll()
            return Self.takeWaiters(&state)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Hands every append from `offset` on to `tap`, if `offset` is the end of the log (a reader
    /// that has caught up); otherwise, or when the log has finished, returns `nil` and the reader
    /// goes on reading.
    ///
    /// - Returns: an id for `removeTap`.
    public func addTap(at offset: OutputOffset, _ tap: @escaping Tap) -> Int? {
        state.withLock { state in
            guard offset == state.end, !state.isFinished else { return nil }
            let id = state.nextTap
            state.nextTap += 1
            state.taps[id] = tap
            return id
        }
    }

    /// Stops handing appends to the tap `id` (nothing if it is already gone).
    public func removeTap(_ id: Int) {
        _ = state.withLock { $0.taps.removeValue(forKey: id) }
    }

    /// Reads what is available from `offset`, waiting until at least one byte exists or the log finishes.
    ///
    /// - Returns: `.truncated` when `offset` is below `baseOffset`, `.data` with up to `maxCount`
    ///   bytes, or `nil` at the end of a finished log (or when the calling task is cancelled).
    public func read(from offset: OutputOffset, maxCount: Int = 64 * 1024) async -> OutputEvent? {
        let maxCount = max(1, maxCount)
        while true {
            let step = state.withLock { state -> ReadStep in
                if offset < state.baseOffset { return .event(.truncated(resumeAt: state.baseOffset)) }
                if offset < state.end {
                    guard offset >= state.tailStart else { return .fromStorage(tailStart: state.tailStart) }
                    let start = Int(offset - state.tailStart)
                    let count = min(maxCount, state.tail.count - start)
                    return .event(
                        .data(OutputChunk(offset: offset, bytes: state.tail.bytes(from: start, length: count))))
                }
                return state.isFinished ? .end : .wait
            }
            switch step {
            case .event(let event): return event
            case .end: return nil
            case .fromStorage(let tailStart):
                let count = Int(min(OutputOffset(maxCount), tailStart - offset))
                if let storage, let bytes = try? storage.read(from: offset, maxCount: count), !bytes.isEmpty {
                    return .data(OutputChunk(offset: offset, bytes: bytes))
                }
                // Storage could not give the old bytes back: skip to what memory holds.
                return .truncated(resumeAt: tailStart)
            case .wait:
                if Task.isCancelled { return nil }
                await waitForChange(after: offset)
            }
        }
    }

    /// What one look at the state says a reader should do.
    private enum ReadStep {
        case event(OutputEvent)
        case fromStorage(tailStart: OutputOffset)
        case end
        case wait
    }

    /// Waits until the log grows past `offset`, finishes, or the task is cancelled.
    private func waitForChange(after offset: OutputOffset) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if state.end > offset || state.isFinished || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private static func takeWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let waiters = Array(state.waiters.values)
        state.waiters.removeAll()
        return waiters
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
