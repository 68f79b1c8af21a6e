// A minimal RFC 6455 WebSocket client for the SSM data channel, over POSIX TCP (and TLS for
// `wss://`, see `SSMTLSStream`). The system libcurl (7.88) has no WebSocket support and
// FoundationNetworking's WebSocket task rides on it, so rclaude speaks the protocol itself.
//
// One thread per connection does all socket work: it connects, performs the HTTP upgrade,
// then loops on `poll` over the socket and a wake-up pipe. Reads become frames, frames become
// `messages`; pings are answered with pongs; `send` queues a masked frame and returns once it
// is written; a keepalive ping goes out every `pingInterval`; `close()` sends a close frame
// and waits (bounded) for the server's.

import Foundation
import RClaudeCore
import Synchronization

/// A WebSocket client connection (the live `SSMWebSocketTransport`).
public final class SSMWebSocketClient: SSMWebSocketTransport, @unchecked Sendable {
    // @unchecked: `stream`, `decoder` and the loop's locals are touched only by the I/O thread;
    // everything shared lives in `state` (a Mutex) or is immutable.

    /// Connection settings.
    public struct Options: Sendable {
        /// The time limit of TCP connect, TLS and the upgrade together.
        public var connectTimeout: Duration
        /// How often a keepalive ping (`keepalive`) is sent; nil sends none. The plugin: 5 min.
        public var pingInterval: Duration?
        /// The largest message accepted from the server.
        public var maximumMessageSize: Int
        /// How long `close()` waits for the server's close frame.
        public var closeTimeout: Duration
        /// A PEM file of extra trusted certificate authorities for `wss://` (tests); nil: the
        /// system's.
        public var caFile: String?

        /// Creates options.
        ///
        /// - Parameters:
        ///   - connectTimeout: limit of connect + TLS + upgrade (15 s).
        ///   - pingInterval: keepalive period (5 min; nil: none).
        ///   - maximumMessageSize: largest accepted message (16 MiB).
        ///   - closeTimeout: wait for the server's close frame (2 s).
        ///   - caFile: extra trusted CAs for `wss://` (nil: the system's).
        public init(
            connectTimeout: Duration = .seconds(15), pingInterval: Duration? = .seconds(300),
            maximumMessageSize: Int = 16 << 20, closeTimeout: Duration = .seconds(2), caFile: String? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.pingInterval = pingInterval
            self.maximumMessageSize = maximumMessageSize
            self.closeTimeout = closeTimeout
            self.caFile = caFile
        }
    }

    /// Opens `SSMWebSocketClient`s: the live `SSMWebSocketConnector`.
    public struct Connector: SSMWebSocketConnector {
        /// The connections' settings.
        public var options: Options

        /// A connector with `options`.
        public init(options: Options = Options()) {
            self.options = options
        }

        public func connect(to url: String) async throws -> any SSMWebSocketTransport {
            try await SSMWebSocketClient.connect(to: url, options: options)
        }
    }

    struct Outgoing {
        var bytes: [UInt8]
        var offset = 0
        var completion: CheckedContinuation<Void, any Error>?
    }

    struct State {
        var outgoing: [Outgoing] = []
        var closeRequested = false
        var closeDeadline: ContinuousClock.Instant?
        var ended = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    public let messages: AsyncThrowingStream<SSMWebSocketMessage, any Error>
    let continuation: AsyncThrowingStream<SSMWebSocketMessage, any Error>.Continuation
    let state = Mutex(State())
    let stream: any SSMByteStream
    let options: Options
    let wakeRead: Int32
    let wakeWrite: Int32
    var decoder: SSMWebSocketFrameDecoder
    /// The URL, for messages.
    let url: SSMStreamURL

    init(stream: any SSMByteStream, url: SSMStreamURL, options: Options, leftover: [UInt8], wake: (Int32, Int32)) {
        self.stream = stream
        self.url = url
        self.options = options
        (wakeRead, wakeWrite) = wake
        decoder = SSMWebSocketFrameDecoder(maximumPayload: options.maximumMessageSize)
        decoder.append(leftover)
        (messages, continuation) = AsyncThrowingStream.makeStream(of: SSMWebSocketMessage.self)
    }

    // MARK: - Connecting

    /// Connects to `url` and performs the WebSocket upgrade.
    ///
    /// - Parameters:
    ///   - url: a `ws://` or `wss://` URL, used exactly as given (path and query kept).
    ///   - options: timeouts and limits.
    /// - Returns: the open connection.
    /// - Throws: `CoreError` `.invalidInput` for a bad URL; `.unavailable` when the host
    ///   cannot be reached, TLS fails, or the server refuses the upgrade.
    public static func connect(to url: String, options: Options = Options()) async throws -> SSMWebSocketClient {
        let parsed = try SSMStreamURL(url)
        return try await withCheckedThrowingContinuation {
            (connected: CheckedContinuation<SSMWebSocketClient, any Error>) in
            let thread = Thread {
                // A write to a socket the peer reset raises SIGPIPE in the writing thread (TLS
                // writes cannot pass MSG_NOSIGNAL): block it here so the write fails with EPIPE.
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                let client: SSMWebSocketClient
                do {
                    client = try open(parsed, options: options)
                } catch {
                    connected.resume(throwing: error)
                    return
                }
                connected.resume(returning: client)
                client.runLoop()
            }
            thread.name = "rclaude-ssm-websocket"
            thread.start()
        }
    }

    /// Connect, TLS, upgrade: blocking, on the connection's thread, bounded by the timeout.
    private static func open(_ url: SSMStreamURL, options: Options) throws -> SSMWebSocketClient {
        let deadline = ContinuousClock.now.advanced(by: options.connectTimeout)
        let fd = try SSMSocket.connect(host: url.host, port: url.port, deadline: deadline)
        let stream: any SSMByteStream
        do {
            stream =
                url.isSecure
                ? try SSMTLSStream.connect(
                    fileDescriptor: fd, host: url.host, caFile: options.caFile, deadline: deadline)
                : SSMPlainStream(fileDescriptor: fd)
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        do {
            let handshake = SSMWebSocketHandshake(url: url, keyBytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
            try writeAll(handshake.request(), to: stream, until: deadline)
            let (head, leftover) = try readResponseHead(from: stream, until: deadline)
            do {
                try handshake.validate(responseHead: head)
            } catch {
                throw CoreError(
                    code: .unavailable,
                    message: "the data channel at \(url.host):\(url.port) refused the WebSocket: \(error.description)")
            }
            var pipeFDs: [Int32] = [0, 0]
            guard pipe(&pipeFDs) == 0 else {
                throw SSMSocket.error("cannot create the WebSocket client's wake-up pipe")
            }
            for fd in pipeFDs {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            return SSMWebSocketClient(
                stream: stream, url: url, options: options, leftover: leftover, wake: (pipeFDs[0], pipeFDs[1]))
        } catch {
            stream.close()
            throw error
        }
    }

    private static func writeAll(
        _ bytes: [UInt8], to stream: any SSMByteStream, until deadline: ContinuousClock.Instant
    )
        throws
    {
        var offset = 0
        while offset < bytes.count {
            switch try stream.write(bytes[offset...]) {
            case .wrote(let count): offset += count
            case .wantRead: try waitOrTimeout(stream, events: Int16(POLLIN), until: deadline)
            default: try waitOrTimeout(stream, events: Int16(POLLOUT), until: deadline)
            }
        }
    }

    private static func readResponseHead(from stream: any SSMByteStream, until deadline: ContinuousClock.Instant)
        throws -> (String, [UInt8])
    {
        var received: [UInt8] = []
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = received.firstRange(of: terminator) {
                return (
                    String(decoding: received[..<end.lowerBound], as: UTF8.self), Array(received[end.upperBound...])
                )
            }
            guard received.count < 64 << 10 else {
                throw CoreError(code: .unavailable, message: "the data channel's upgrade answer has no end of headers")
            }
            switch try stream.read(maximum: 16 << 10) {
            case .bytes(let bytes): received += bytes
            case .endOfStream:
                throw CoreError(
                    code: .unavailable,
                    message: "the data channel server closed the connection during the WebSocket upgrade")
            case .wantWrite: try waitOrTimeout(stream, events: Int16(POLLOUT), until: deadline)
            default: try waitOrTimeout(stream, events: Int16(POLLIN), until: deadline)
            }
        }
    }

    private static func waitOrTimeout(
        _ stream: any SSMByteStream, events: Int16, until deadline: ContinuousClock.Instant
    )
        throws
    {
        guard SSMSocket.wait(stream.fileDescriptor, events: events, until: deadline) else {
            throw CoreError(
                code: .unavailable,
                message: "the data channel did not complete the WebSocket upgrade in time; check the network and proxy")
        }
    }

    // MARK: - Transport

    public func send(_ message: SSMWebSocketMessage) async throws {
        let frame: SSMWebSocketFrame
        switch message {
        case .text(let text): frame = SSMWebSocketFrame(fin: true, opcode: .text, payload: Array(text.utf8))
        case .binary(let bytes): frame = SSMWebSocketFrame(fin: true, opcode: .binary, payload: bytes)
        }
        let bytes = frame.encoded(mask: Self.randomMask())
        try await withCheckedThrowingContinuation { (written: CheckedContinuation<Void, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.ended, !state.closeRequested else { return false }
                state.outgoing.append(Outgoing(bytes: bytes, completion: written))
                wake()
                return true
            }
            if !accepted {
                written.resume(throwing: CoreError(code: .unavailable, message: "the data channel WebSocket is closed"))
            }
        }
    }

    public func close() async {
        await withCheckedContinuation { (closed: CheckedContinuation<Void, Never>) in
            let alreadyEnded = state.withLock { state -> Bool in
                if state.ended { return true }
                state.closeWaiters.append(closed)
                if !state.closeRequested {
                    state.closeRequested = true
                    state.closeDeadline = ContinuousClock.now.advanced(by: options.closeTimeout)
                    let payload = SSMWebSocketFrame.closePayload(code: 1000, reason: "")
                    let frame = SSMWebSocketFrame(fin: true, opcode: .close, payload: payload)
                    state.outgoing.append(Outgoing(bytes: frame.encoded(mask: Self.randomMask())))
                }
                wake()
                return false
            }
            if alreadyEnded { closed.resume() }
        }
    }

    /// Wakes the I/O thread. Called with `state` locked and not ended: the loop closes the
    /// pipe under the same lock, so the descriptor is never stale.
    func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    static func randomMask() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt32
        return [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
