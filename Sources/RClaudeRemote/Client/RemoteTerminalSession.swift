import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOSSL
import RClaudeCore
import Synchronization

/// An interactive task's terminal on a remote host, over the terminal WebSocket. Output resumes
/// from its last offset after a reconnect; keys typed while disconnected are sent on reconnect.
public final class RemoteTerminalSession: TerminalSession {
    public let output: AsyncStream<[UInt8]>
    private struct State {
        var writer: WebSocketOutboundWriter?
        var pending: [[UInt8]] = []
        var size: TerminalSize
        var position: OutputOffset = 0
        var finished = false
        var progressed = false
    }
    /// Shared between the session and its connection loop.
    private final class Shared: Sendable {
        let value: Mutex<State>
        init(_ state: State) { value = Mutex(state) }
        func withLock<R>(_ body: (inout State) -> R) -> R { value.withLock { body(&$0) } }
    }
    private let state: Shared
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Connects to task `id`'s terminal.
    public init(client: RemoteStreamClient, id: TaskID, size: TerminalSize) {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingOldest(64))
        output = stream
        state = Shared(State(size: size))
        let runner = Task { [state] in
            await Self.run(client: client, id: id, state: state, continuation: continuation)
            continuation.finish()
        }
        task.withLock { $0 = runner }
        continuation.onTermination = { _ in runner.cancel() }
    }

    private static func run(
        client: RemoteStreamClient, id: TaskID, state: Shared, continuation: AsyncStream<[UInt8]>.Continuation
    ) async {
        var attempt = 0
        var logger = Logger(label: "rclaude.remote.terminal")
        logger.logLevel = .critical
        var headers = HTTPFields()
        headers[.authorization] = client.api.authorization
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 21, additionalHeaders: headers)
        let tls = WebSocketTLS.configure(&configuration, endpoint: client.api.endpoint)
        while !Task.isCancelled {
            let (position, size) = state.withLock { ($0.position, $0.size) }
            let url = client.api.endpoint.webSocketURL + "/api/tasks/\(id)/terminal/ws?from=\(position)&rows=\(size.rows)&cols=\(size.cols)"
            state.withLock { $0.progressed = false }
            do {
                try await WebSocketClient.connect(url: url, configuration: configuration, tlsConfiguration: tls, logger: logger) {
                    inbound, outbound, _ in
                    let pending = state.withLock { s in
                        s.writer = outbound
                        defer { s.pending = [] }
                        return s.pending
                    }
                    for bytes in pending { try await outbound.write(.binary(ByteBuffer(bytes: bytes))) }
                    client.states.set(client.api.endpoint.name, .connected)
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        switch message {
                        case .binary(let buffer):
                            let chunk = try OutputFrame.decode(buffer.readableBytesView)
                            let current = state.withLock { $0.position }
                            guard chunk.offset <= current else { continue }
                            let fresh = Array(chunk.bytes.dropFirst(Int(current - chunk.offset)))
                            if fresh.isEmpty { continue }
                            await RemoteStreamClient.deliver(fresh, to: continuation)
                            state.withLock {
                                $0.position = current + OutputOffset(fresh.count)
                                $0.progressed = true
                            }
                        case .text(let text):
                            switch try? StreamControl.decode(text) {
                            case .end, .error: state.withLock { $0.finished = true }
                            default: break
                            }
                        }
                    }
                }
            } catch {}
            state.withLock { $0.writer = nil }
            if state.withLock({ $0.finished }) || Task.isCancelled { return }
            if state.withLock({ $0.progressed }) { attempt = 0 }
            do {
                let record = try await client.api.task(id)
                if record.status.isTerminal { return }
            } catch let error as CoreError where [.notFound, .unauthorized, .forbidden].contains(error.code) {
                return
            } catch {}
            attempt += 1
            client.states.set(client.api.endpoint.name, .reconnecting(attempt: attempt, reason: "terminal connection lost"))
            try? await Task.sleep(for: client.policy.delay(attempt: attempt - 1))
        }
    }

    public func send(_ bytes: [UInt8]) async {
        let writer = state.withLock { s -> WebSocketOutboundWriter? in
            if s.writer == nil { s.pending.append(bytes) }
            return s.writer
        }
        guard let writer else { return }
        do {
            try await writer.write(.binary(ByteBuffer(bytes: bytes)))
        } catch {
            // The connection is going away: the keys go out with the reconnect.
            state.withLock { $0.pending.append(bytes) }
        }
    }

    public func resize(_ size: TerminalSize) async {
        let writer = state.withLock { s -> WebSocketOutboundWriter? in
            s.size = size
            return s.writer
        }
        try? await writer?.write(.text(StreamControl.resize(size).encoded()))
    }

    public func close() async {
        task.withLock { $0?.cancel() }
    }
}
