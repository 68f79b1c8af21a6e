import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOSSL
import RClaudeCore
import Synchronization

/// The WebSocket side of a remote: a task's output and events as streams that reconnect by
/// themselves (exponential backoff) and resume from the last offset or index they delivered,
/// so nothing is lost and nothing comes twice.
public struct RemoteStreamClient: Sendable {
    /// The REST client (for its endpoint, token, and to tell "gone" from "unreachable").
    public let api: RemoteAPIClient
    /// Backoff between reconnects.
    public var policy: ReconnectPolicy
    /// Where connection states are published.
    public var states: ConnectionStates

    /// Creates a stream client.
    public init(api: RemoteAPIClient, policy: ReconnectPolicy = ReconnectPolicy(), states: ConnectionStates = .shared) {
        self.api = api
        self.policy = policy
        self.states = states
    }

    private var logger: Logger {
        var logger = Logger(label: "rclaude.remote")
        logger.logLevel = .critical
        return logger
    }

    private func configuration() -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        headers[.authorization] = api.authorization
        return WebSocketClientConfiguration(maxFrameSize: 1 << 21, additionalHeaders: headers, autoPing: .enabled(timePeriod: .seconds(15)))
    }


    /// What a stream's connection loop keeps between attempts.
    private final class Progress: Sendable {
        let value: Mutex<(position: UInt64, finished: Bool, failure: CoreError?, progressed: Bool)>
        init(_ start: UInt64) { value = Mutex((start, false, nil, false)) }
    }

    /// The task's raw output from `offset`, live until it ends.
    public func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk> {
        let (stream, continuation) = AsyncStream.makeStream(of: OutputChunk.self, bufferingPolicy: .bufferingOldest(16))
        let progress = Progress(offset)
        let task = Task {
            await connectLoop(progress: progress, path: { "/api/tasks/\(id)/output/ws?from=\($0)" }, taskID: id) { message in
                switch message {
                case .binary(let buffer):
                    let chunk = try OutputFrame.decode(buffer.readableBytesView)
                    let position = progress.value.withLock { $0.position }
                    guard chunk.offset <= position else {
                        throw CoreError(code: .unavailable, message: "output jumped from \(position) to \(chunk.offset)")
                    }
                    let skip = Int(position - chunk.offset)
                    guard skip < chunk.bytes.count else { return }
                    let fresh = OutputChunk(offset: position, bytes: Array(chunk.bytes.dropFirst(skip)))
                    await Self.deliver(fresh, to: continuation)
                    progress.value.withLock {
                        $0.position = fresh.endOffset
                        $0.progressed = true
                    }
                case .text(let text):
                    switch try StreamControl.decode(text) {
                    case .end: progress.value.withLock { $0.finished = true }
                    case .truncated(let resumeAt): progress.value.withLock { $0.position = max($0.position, resumeAt) }
                    case .error(let body): progress.value.withLock { $0.failure = body.coreError }
                    case .event, .resize: break
                    }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The task's decoded events from `index`, live until it ends.
    public func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self, bufferingPolicy: .bufferingOldest(64))
        let progress = Progress(UInt64(index))
        let task = Task {
            await connectLoop(progress: progress, path: { "/api/tasks/\(id)/events/ws?from=\($0)" }, taskID: id) { message in
                guard case .text(let text) = message else { return }
                // A message holds one or more control messages, one per line.
                for part in text.split(separator: "\n", omittingEmptySubsequences: true) {
                    switch try StreamControl.decode(String(part)) {
                    case .event(let eventIndex, let event):
                        let next = progress.value.withLock { $0.position }
                        guard UInt64(eventIndex) == next else { continue }
                        await Self.deliver(event, to: continuation)
                        progress.value.withLock {
                            $0.position += 1
                            $0.progressed = true
                        }
                    case .end: progress.value.withLock { $0.finished = true }
                    case .error(let body): progress.value.withLock { $0.failure = body.coreError }
                    case .truncated, .resize: break
                    }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Yields into a bounded stream, waiting while the consumer is behind.
    static func deliver<T: Sendable>(_ value: T, to continuation: AsyncStream<T>.Continuation) async {
        while case .dropped = continuation.yield(value), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Connects, hands every message to `handle`, and reconnects from the progress made until
    /// the stream ends, fails for good, or is cancelled.
    private func connectLoop(
        progress: Progress, path: @escaping @Sendable (UInt64) -> String, taskID: TaskID,
        handle: @escaping @Sendable (WebSocketMessage) async throws -> Void
    ) async {
        var attempt = 0
        let name = api.endpoint.name
        while !Task.isCancelled {
            progress.value.withLock { $0.progressed = false }
            let url = api.endpoint.webSocketURL + path(progress.value.withLock { $0.position })
            var reason = "connection closed"
            do {
                var configuration = configuration()
                let tls = WebSocketTLS.configure(&configuration, endpoint: api.endpoint)
                try await WebSocketClient.connect(
                    url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
                ) { inbound, _, _ in
                    states.set(name, .connected)
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        try await handle(message)
                        // Done: close from this side, so the server knows everything arrived.
                        if progress.value.withLock({ $0.finished || $0.failure != nil }) { return }
                    }
                }
            } catch {
                reason = (error as? CoreError)?.message ?? "\(error)"
            }
            let state = progress.value.withLock { $0 }
            if state.finished || state.failure != nil || Task.isCancelled { return }
            if state.progressed { attempt = 0 }
            // Not finished: find out whether the task is gone (stop) or the host is away (retry).
            do {
                _ = try await api.task(taskID)
            } catch let error as CoreError where [.notFound, .unauthorized, .forbidden].contains(error.code) {
                return
            } catch {
                reason = (error as? CoreError)?.message ?? "\(error)"
            }
            attempt += 1
            if let maxAttempts = policy.maxAttempts, attempt > maxAttempts {
                states.set(name, .unreachable(reason: reason))
                return
            }
            states.set(name, .reconnecting(attempt: attempt, reason: reason))
            try? await Task.sleep(for: policy.delay(attempt: attempt - 1))
        }
    }
}
