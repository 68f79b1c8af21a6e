import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import RClaudeCore
import RClaudeProviders
import RClaudeRemote
import RClaudeStore

/// The WebSocket routes: a task's raw output by offset, its decoded events by index, and its
/// interactive terminal (keys in, output out, resize).
struct StreamController {
    let host: TaskHost
    let limits: ServerLimits
    /// How often an idle stream looks for new output.
    var pollInterval: Duration = .milliseconds(20)

    func register(on router: Router<ServerRequestContext>) {
        router.ws("/api/tasks/:id/output/ws", shouldUpgrade: checkUpgrade) { inbound, outbound, context in
            do {
                try await streamOutput(inbound, outbound, context)
            } catch {
                context.logger.warning("output stream of \(context.request.uri.path) ended: \(error)")
                throw error
            }
        }
        router.ws("/api/tasks/:id/events/ws", shouldUpgrade: checkUpgrade) { inbound, outbound, context in
            try await streamEvents(inbound, outbound, context)
        }
        router.ws("/api/tasks/:id/terminal/ws", shouldUpgrade: checkUpgrade) { inbound, outbound, context in
            try await streamTerminal(inbound, outbound, context)
        }
    }

    /// Refuses plain GETs and unknown tasks before upgrading.
    @Sendable func checkUpgrade(_ request: Request, _ context: ServerRequestContext) async throws -> RouterShouldUpgrade {
        guard request.headers[.upgrade]?.lowercased() == "websocket" else {
            throw APIError(.badRequest, code: "invalidInput", message: "this route is a WebSocket; connect with a WebSocket client")
        }
        _ = try host.record(try RequestParameters.taskID(context))
        _ = try RequestParameters.integer("from", in: request)
        return .upgrade([:])
    }

    // MARK: Output

    func streamOutput(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
        _ context: WebSocketRouterContext<ServerRequestContext>
    ) async throws {
        let id = try RequestParameters.taskID(context.requestContext)
        let from = OutputOffset(try RequestParameters.integer("from", in: context.request))
        let writer = StalledClientGuard(outbound: outbound, timeout: limits.stallTimeout)
        let end = host.outputSize(id)
        guard from <= end else {
            try await writer.write(.text(StreamControl.error(APIErrorBody(
                code: "invalidInput", message: "offset \(from) is past the end of the output (\(end) bytes so far)")).encoded()))
            return
        }
        let path = host.paths.outputFile(id.rawValue)
        let chunk = limits.outputChunk
        try await untilClientLeaves(inbound, writer) {
            let reader = OutputFileReader(path: path)
            var position = from
            while !Task.isCancelled {
                if let (message, count) = reader.message(from: position, maxCount: chunk) {
                    try await writer.write(.binary(message))
                    position += OutputOffset(count)
                    continue
                }
                if host.isFinished(id) {
                    if host.outputSize(id) > position { continue }
                    try await writer.write(.text(StreamControl.end(offset: position, count: nil).encoded()))
                    return
                }
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    // MARK: Events

    func streamEvents(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
        _ context: WebSocketRouterContext<ServerRequestContext>
    ) async throws {
        let id = try RequestParameters.taskID(context.requestContext)
        let from = Int(try RequestParameters.integer("from", in: context.request, max: Int64(Int32.max)))
        let writer = StalledClientGuard(outbound: outbound, timeout: limits.stallTimeout)
        let path = host.paths.eventsFile(id.rawValue)
        let batchLimit = limits.outputChunk
        try await untilClientLeaves(inbound, writer) {
            var position: OutputOffset = 0
            var index = 0
            var splitter = LineSplitter()
            while !Task.isCancelled {
                let bytes = (try? FileOutputStorage.read(path: path, from: position, maxCount: limits.outputChunk)) ?? []
                if !bytes.isEmpty {
                    position += OutputOffset(bytes.count)
                    // Several events per message (one JSON envelope per line); stored lines pass
                    // through as they are when they look like JSON objects.
                    var batch = ""
                    for line in splitter.feed(bytes) {
                        defer { index += 1 }
                        guard index >= from else { continue }
                        batch += Self.envelope(index: index, line: line) + "\n"
                        if batch.utf8.count >= batchLimit {
                            try await writer.write(.text(batch))
                            batch = ""
                        }
                    }
                    if !batch.isEmpty { try await writer.write(.text(batch)) }
                    continue
                }
                if host.isFinished(id) {
                    let more = (try? FileOutputStorage.read(path: path, from: position, maxCount: 1)) ?? []
                    if !more.isEmpty { continue }
                    try await writer.write(.text(StreamControl.end(offset: nil, count: index).encoded()))
                    return
                }
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    /// The event message for a stored line: the line itself when it is a JSON object (as the
    /// supervisor writes them), else a raw event holding its text.
    static func envelope(index: Int, line: [UInt8]) -> String {
        if line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}"), !line.contains(0x0A) {
            return #"{"type":"event","index":\#(index),"event":"# + String(decoding: line, as: UTF8.self) + "}"
        }
        return StreamControl.event(index: index, event: .raw(RawLine(line: String(decoding: line, as: UTF8.self), note: "unreadable event")))
            .encoded()
    }

    // MARK: Terminal

    func streamTerminal(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
        _ context: WebSocketRouterContext<ServerRequestContext>
    ) async throws {
        let id = try RequestParameters.taskID(context.requestContext)
        let size = try RequestParameters.terminalSize(context.request)
        let writer = StalledClientGuard(outbound: outbound, timeout: limits.stallTimeout)
        let from = OutputOffset(try RequestParameters.integer("from", in: context.request))
        let relay: TerminalRelayHandle
        do {
            let record = try host.record(id)
            guard record.options.interactive, record.status.isActive else {
                throw CoreError(
                    code: .invalidState, message: "task \(id) has no live terminal (it is not an interactive task that is running)")
            }
            relay = try await TerminalRelay.start(
                webSocket: context.requestContext.channel, socketPath: host.paths.socketFile(id.rawValue), from: from, size: size,
                limits: limits)
        } catch {
            let core = error as? CoreError ?? CoreError(code: .unavailable, message: "cannot reach the task's terminal: \(error)")
            try await writer.write(.text(StreamControl.error(APIErrorBody(code: core.code.rawValue, message: core.message)).encoded()))
            return
        }
        defer { relay.stop() }
        let maxFrame = limits.maxWebSocketFrame
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await relay.finished.get() }
            group.addTask {
                // Only messages that arrived before the relay took over the data frames come here,
                // then the relay's marker (after which it sends what it held); the loop ends when
                // the client closes.
                for try await message in inbound.messages(maxSize: maxFrame) {
                    switch message {
                    case .binary(let buffer): relay.input(buffer)
                    case .text(let text) where text == relay.marker: relay.release()
                    case .text(let text): relay.control(text)
                    }
                }
                    }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Runs `body` until it returns or the client closes its side, whichever comes first.
    private func untilClientLeaves(
        _ inbound: WebSocketInboundStream, _ writer: StalledClientGuard, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let maxFrame = limits.maxWebSocketFrame
        let linger = limits.stallTimeout
        try await withThrowingTaskGroup(of: StreamPart.self) { group in
            group.addTask {
                for try await _ in inbound.messages(maxSize: maxFrame) {}
                return .client
            }
            group.addTask {
                try await writer.watch()
                return .watchdog
            }
            group.addTask {
                try await body()
                return .body
            }
            if try await group.next() == .body {
                // Everything is written, but part of it may still sit in socket buffers: let the
                // client read to the end and close first (it does on `end`), so a close from
                // here never cuts the tail off. A client that does not close is let go after
                // the stall timeout.
                group.addTask {
                    try await Task.sleep(for: linger)
                    return .watchdog
                }
                while let next = try await group.next(), next != .client, next != .watchdog {}
            }
            group.cancelAll()
        }
    }

    /// Which part of a stream finished first.
    private enum StreamPart: Sendable { case client, body, watchdog }
}
