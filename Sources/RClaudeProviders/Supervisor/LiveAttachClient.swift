import RClaudeCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An attach client that has caught up with the log: each append is sent to its socket right
/// away, on the appending thread (the PTY reader), without waking another thread. A client that
/// cannot take a frame at once (its socket is full) leaves live mode where it stopped, and its
/// pump reads on from the log at its own pace.
final class LiveAttachClient: Sendable {
    /// Why live mode ended.
    enum Outcome: Sendable, Equatable {
        /// The client fell behind at `offset`; `unsent` bytes of the frame in flight still have
        /// to go out before anything else.
        case fellBehind(at: OutputOffset, unsent: [UInt8])
        /// The log finished; everything before it was sent.
        case finished
        /// The client is gone (or the pump was cancelled).
        case gone
    }

    private let socket: Int32
    private let outcome = Mutex<(CheckedContinuation<Outcome, Never>?, Outcome?)>((nil, nil))

    init(socket: Int32) { self.socket = socket }

    /// Serves appends from `offset` until the client falls behind, the log finishes, the client
    /// goes away or the calling task is cancelled.
    ///
    /// - Returns: `nil` when `offset` is not the end of the log (read on, then try again).
    func run(_ log: OutputLog, from offset: OutputOffset) async -> Outcome? {
        guard let id = log.addTap(at: offset, { [self] event in handle(event) }) else { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let done = outcome.withLock { state -> Outcome? in
                    if let result = state.1 { return result }
                    state.0 = continuation
                    return nil
                }
                if let done { continuation.resume(returning: done) }
            }
        } onCancel: {
            log.removeTap(id)
            end(.gone)
        }
    }

    /// Called by the log under its lock: sends without blocking.
    private func handle(_ event: OutputLog.TapEvent) -> Bool {
        switch event {
        case .finished:
            end(.finished)
            return false
        case .data(let chunk):
            let frame = AttachFrame.encode(AttachFrame.output, chunk.bytes)
            let sent = frame.withUnsafeBytes {
                send(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if sent == frame.count { return true }
            if sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                end(.gone)
            } else {
                end(.fellBehind(at: chunk.endOffset, unsent: Array(frame[max(0, sent)...])))
            }
            return false
        }
    }

    /// Records the outcome once and wakes `run`.
    private func end(_ result: Outcome) {
        let continuation = outcome.withLock { state -> CheckedContinuation<Outcome, Never>? in
            guard state.1 == nil else { return nil }
            state.1 = result
            defer { state.0 = nil }
            return state.0
        }
        continuation?.resume(returning: result)
    }
}
