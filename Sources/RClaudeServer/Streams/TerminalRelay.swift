import NIOCore
import NIOPosix
import NIOWebSocket
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// Joins a terminal WebSocket to its task's attach socket inside the WebSocket's event loop.
///
/// The attach socket is a channel of that same loop, and a handler placed right after the
/// WebSocket frame decoder takes the data frames off the connection: a keystroke goes from the
/// client's frame to the supervisor's socket, and the echo from the socket to the client's frame,
/// without leaving the loop's thread (as sshd relays a PTY), instead of passing through the
/// WebSocket handler's actor and a task per direction. Control frames (ping, pong, close) still
/// go on to the WebSocket handler.
///
/// Confined to `eventLoop`: every method runs there.
final class TerminalRelay {
    let eventLoop: any EventLoop
    /// Completes when the terminal ends (after the `end` message) or the client goes away; fails
    /// when the client stopped taking data for the stall timeout.
    let finished: EventLoopPromise<Void>
    private let stallTimeout: TimeAmount
    private let maxTextMessage: Int
    private var webSocket: ChannelHandlerContext?
    private var attach: (any Channel)?
    private var position: OutputOffset
    /// Output read from the attach socket, not yet sent (sent once per read burst).
    private var pending: ByteBuffer
    private var done = false
    /// The opcode of a fragmented data message still being received.
    private var continuing: WebSocketOpcode?
    private var text: [UInt8] = []
    private var stallTimer: Scheduled<Void>?
    /// Data frames that arrived after the relay took over but before the route forwarded the
    /// ones that came earlier: held so keys reach the terminal in the order they were typed.
    private var held: [WebSocketFrame] = []
    private var heldBytes = 0
    private var holding = true

    /// Sends at most this many output bytes per WebSocket message.
    static let maxOutputMessage = 256 << 10

    private init(eventLoop: any EventLoop, from offset: OutputOffset, stallTimeout: Duration, maxTextMessage: Int) {
        self.eventLoop = eventLoop
        self.finished = eventLoop.makePromise()
        self.position = offset
        self.stallTimeout = .nanoseconds(
            Int64(stallTimeout.components.seconds) * 1_000_000_000 + stallTimeout.components.attoseconds / 1_000_000_000
        )
        self.maxTextMessage = maxTextMessage
        self.pending = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// Connects to the supervisor's attach socket at `socketPath` (retrying while the supervisor
    /// starts), asks for output from `offset`, sets the terminal's size, and takes over the data
    /// frames of `webSocket`.
    static func start(
        webSocket channel: any Channel, socketPath: String, from offset: OutputOffset, size: TerminalSize,
        limits: ServerLimits, connectTimeout: Duration = .seconds(10)
    ) async throws -> TerminalRelayHandle {
        let marker = "rclaude-terminal-relay-\(UInt64.random(in: 0...UInt64.max))"
        let eventLoop = channel.eventLoop
        let relay = try await eventLoop.submit {
            NIOLoopBound(
                TerminalRelay(
                    eventLoop: eventLoop, from: offset, stallTimeout: limits.stallTimeout,
                    maxTextMessage: limits.maxWebSocketFrame),
                eventLoop: eventLoop)
        }.get()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelInitializer { attach in
                attach.eventLoop.makeCompletedFuture {
                    try attach.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(AttachSocketDecoder(relay: relay.value)))
                    try attach.pipeline.syncOperations.addHandler(CloseOnErrorHandler())
                }
            }
        do {
            let attach = try await connect(bootstrap, to: socketPath, timeout: connectTimeout)
            let finished = try await eventLoop.submit {
                let relay = relay.value
                relay.attach = attach
                let hello = (0..<8).map { UInt8(truncatingIfNeeded: offset >> (56 - 8 * UInt64($0))) }
                attach.write(Self.attachFrame(AttachFrame.hello, hello), promise: nil)
                relay.resize(size)
                attach.flush()
                let decoder = try channel.pipeline.syncOperations.handler(
                    type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                try channel.pipeline.syncOperations.addHandler(
                    TerminalFrameHandler(relay: relay), position: .after(decoder))
                relay.sendMarkerToRoute(marker)
                try attach.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
                attach.read()
                return relay.finished.futureResult
            }.get()
            return TerminalRelayHandle(relay: relay, eventLoop: eventLoop, finished: finished, marker: marker)
        } catch {
            // Nothing is left behind: the attach connection (if any) closes, the promise completes.
            try? await eventLoop.submit { relay.value.finish(.failure(error)) }.get()
            throw error
        }
    }

    /// Connects to the attach socket, retrying while the supervisor starts listening.
    private static func connect(_ bootstrap: ClientBootstrap, to path: String, timeout: Duration) async throws
        -> any Channel
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            do {
                return try await bootstrap.connect(unixDomainSocketPath: path).get()
            } catch {
                if clock.now > deadline {
                    throw CoreError(code: .unavailable, message: "cannot reach the task's terminal: \(error)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    // MARK: Client → supervisor

    /// Handles a data frame from the client; `false` for frames that are not the relay's (control
    /// frames), which go on down the pipeline.
    func consume(_ frame: WebSocketFrame) -> Bool {
        if holding, [.binary, .text, .continuation].contains(frame.opcode) {
            held.append(frame)
            heldBytes += frame.length
            // Bounded: a route that never catches up cannot make the relay keep frames forever.
            if heldBytes > Self.maxOutputMessage { release() }
            return true
        }
        switch frame.opcode {
        case .binary:
            continuing = frame.fin ? nil : .binary
            input(frame.unmaskedData)
        case .text:
            text = []
            continuing = frame.fin ? nil : .text
            appendText(frame.unmaskedData, last: frame.fin)
        case .continuation:
            switch continuing {
            case .binary?:
                input(frame.unmaskedData)
                if frame.fin { continuing = nil }
            case .text?:
                if frame.fin { continuing = nil }
                appendText(frame.unmaskedData, last: frame.fin)
            default:
                return false
            }
        default:
            return false
        }
        return true
    }

    /// The route has forwarded every data message that arrived before the relay took over: the
    /// frames held since go to the terminal, and later ones go straight through.
    func release() {
        guard holding else { return }
        holding = false
        let frames = held
        held = []
        heldBytes = 0
        for frame in frames { _ = consume(frame) }
    }

    /// Sends `marker` down the pipeline behind every data message the WebSocket handler has
    /// already received; the route calls `release()` when it reads it.
    func sendMarkerToRoute(_ marker: String) {
        guard let webSocket else { return }
        var buffer = webSocket.channel.allocator.buffer(capacity: marker.utf8.count)
        buffer.writeString(marker)
        webSocket.fireChannelRead(NIOAny(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
        webSocket.fireChannelReadComplete()
    }

    /// Keys for the terminal.
    func input(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0, let attach else { return }
        attach.writeAndFlush(Self.attachFrame(AttachFrame.input, bytes), promise: nil)
    }

    /// A text message: a resize, or an error back to the client.
    func control(_ message: String) {
        if case .resize(let size) = try? StreamControl.decode(message) {
            resize(size)
            attach?.flush()
            return
        }
        sendText(
            StreamControl.error(
                APIErrorBody(
                    code: "invalidInput",
                    message: "terminals take binary input and {\"type\":\"resize\",\"rows\":R,\"cols\":C}"
                )
            ).encoded())
    }

    private func appendText(_ bytes: ByteBuffer, last: Bool) {
        text += bytes.readableBytesView
        guard text.count <= maxTextMessage else {
            text = []
            continuing = nil
            sendText(
                StreamControl.error(
                    APIErrorBody(code: "invalidInput", message: "a text message longer than \(maxTextMessage) bytes")
                ).encoded())
            return
        }
        guard last else { return }
        let message = text
        text = []
        guard let decoded = String(validating: message, as: UTF8.self) else {
            sendText(
                StreamControl.error(APIErrorBody(code: "invalidInput", message: "a text message that is not UTF-8"))
                    .encoded())
            return
        }
        control(decoded)
    }

    private func resize(_ size: TerminalSize) {
        let r = UInt16(clamping: size.rows)
        let c = UInt16(clamping: size.cols)
        attach?.write(
            Self.attachFrame(AttachFrame.resize, [UInt8(r >> 8), UInt8(r & 0xFF), UInt8(c >> 8), UInt8(c & 0xFF)]),
            promise: nil)
    }

    // MARK: Supervisor → client

    /// An output frame's payload from the attach socket.
    func output(_ bytes: inout ByteBuffer) {
        if pending.readableBytes + bytes.readableBytes > Self.maxOutputMessage { sendPendingOutput() }
        pending.writeBuffer(&bytes)
    }

    /// Sends the output gathered so far as one message.
    func sendPendingOutput() {
        guard pending.readableBytes > 0, let webSocket else { return }
        var message = webSocket.channel.allocator.buffer(capacity: OutputFrame.headerSize + pending.readableBytes)
        message.writeInteger(position)
        position += OutputOffset(pending.readableBytes)
        message.writeBuffer(&pending)
        pending.clear()
        webSocket.writeAndFlush(NIOAny(WebSocketFrame(fin: true, opcode: .binary, data: message)), promise: nil)
    }

    /// The supervisor said the program exited, or its socket closed: the rest of the output and
    /// the `end` message go out, and the terminal is over. Connections that failed while the
    /// supervisor was starting are not the relay's and say nothing.
    func attachEnded(_ channel: any Channel) {
        guard !done, let attach, attach === channel else { return }
        sendPendingOutput()
        sendText(StreamControl.end(offset: position, count: nil).encoded())
        finish(.success(()))
    }

    private func sendText(_ text: String) {
        guard let webSocket else { return }
        var buffer = webSocket.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        webSocket.writeAndFlush(NIOAny(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }

    // MARK: Lifecycle and flow control

    func webSocketReady(_ context: ChannelHandlerContext) {
        webSocket = context
    }

    /// A client that stops reading fills its socket: reading from the supervisor pauses (its
    /// socket fills in turn, memory stays bounded), and after the stall timeout the connection
    /// is given up (the client can reconnect and resume from its offset).
    func writabilityChanged(isWritable: Bool) {
        guard let attach else { return }
        if isWritable {
            stallTimer?.cancel()
            stallTimer = nil
            try? attach.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            attach.read()
        } else {
            try? attach.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
            if stallTimer == nil {
                let timeout = stallTimeout
                let relay = NIOLoopBound(self, eventLoop: eventLoop)
                stallTimer = eventLoop.scheduleTask(in: timeout) {
                    relay.value.finish(
                        .failure(
                            CoreError(
                                code: .unavailable,
                                message: "the client took no data for \(timeout); closing its connection")))
                }
            }
        }
    }

    /// Ends the relay: closes the attach connection and hands the data frames back.
    func finish(_ result: Result<Void, any Error>) {
        guard !done else { return }
        done = true
        stallTimer?.cancel()
        attach?.close(promise: nil)
        attach = nil
        if let webSocket {
            self.webSocket = nil
            _ = webSocket.pipeline.syncOperations.removeHandler(context: webSocket)
        }
        finished.completeWith(result)
    }

    private static func attachFrame(_ type: UInt8, _ payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 5 + payload.count)
        buffer.writeBytes(AttachFrame.encode(type, payload))
        return buffer
    }

    private static func attachFrame(_ type: UInt8, _ payload: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 5 + payload.readableBytes)
        buffer.writeInteger(type)
        buffer.writeInteger(UInt32(payload.readableBytes))
        var payload = payload
        buffer.writeBuffer(&payload)
        return buffer
    }
}

/// What the route's task holds of a relay: its outcome, and a way to end it.
struct TerminalRelayHandle: Sendable {
    let relay: NIOLoopBound<TerminalRelay>
    let eventLoop: any EventLoop
    let finished: EventLoopFuture<Void>
    /// The text message that follows every data message the route has to forward.
    let marker: String

    /// The route read `marker`: everything before it has been forwarded.
    func release() {
        let relay = self.relay
        eventLoop.execute { relay.value.release() }
    }

    /// Keys that reached the WebSocket handler before the relay took over the data frames.
    func input(_ bytes: ByteBuffer) {
        let relay = self.relay
        eventLoop.execute { relay.value.input(bytes) }
    }

    /// A text message that reached the WebSocket handler before the relay took over.
    func control(_ text: String) {
        let relay = self.relay
        eventLoop.execute { relay.value.control(text) }
    }

    /// Ends the relay (the client left, or the route is done).
    func stop() {
        let relay = self.relay
        eventLoop.execute { relay.value.finish(.success(())) }
    }
}

/// Sits right after the WebSocket frame decoder and hands data frames to the relay.
private final class TerminalFrameHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let relay: TerminalRelay

    init(relay: TerminalRelay) { self.relay = relay }

    func handlerAdded(context: ChannelHandlerContext) { relay.webSocketReady(context) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if relay.consume(unwrapInboundIn(data)) { return }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        relay.writabilityChanged(isWritable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        relay.finish(.success(()))
        context.fireChannelInactive()
    }
}

/// Decodes the supervisor's attach frames (`[type u8][length u32][payload]`) for the relay.
private struct AttachSocketDecoder: ByteToMessageDecoder {
    typealias InboundOut = Never
    let relay: TerminalRelay

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = try Self.wholeFrameLength(in: buffer),
            let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            var payload = buffer.getSlice(at: buffer.readerIndex + 5, length: length)
        else {
            return .needMoreData
        }
        buffer.moveReaderIndex(forwardBy: 5 + length)
        switch type {
        case AttachFrame.output: relay.output(&payload)
        case AttachFrame.exit: relay.attachEnded(context.channel)
        default: break
        }
        // The last whole frame of this read: what was gathered goes out as one message.
        if try Self.wholeFrameLength(in: buffer) == nil { relay.sendPendingOutput() }
        return .continue
    }

    /// The payload length of the frame at the start of `buffer`, if all of it is there.
    static func wholeFrameLength(in buffer: ByteBuffer) throws -> Int? {
        guard let length: UInt32 = buffer.getInteger(at: buffer.readerIndex + 1) else { return nil }
        guard Int(length) <= AttachFrame.maxPayload else {
            throw CoreError(
                code: .unavailable, message: "the task's supervisor sent a malformed frame (\(length) bytes)")
        }
        return buffer.readableBytes >= 5 + Int(length) ? Int(length) : nil
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        relay.attachEnded(context.channel)
        return .needMoreData
    }

    mutating func decoderRemoved(context: ChannelHandlerContext) {
        relay.attachEnded(context.channel)
    }
}

/// Closes the attach connection on a malformed frame or a read error (the relay then ends).
private final class CloseOnErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Never

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
