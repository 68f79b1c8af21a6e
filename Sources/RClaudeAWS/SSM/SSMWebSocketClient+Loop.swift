// The WebSocket client's I/O loop, run on the connection's own thread: poll the socket and the
// wake-up pipe, read frames, write queued frames, answer pings, send keepalives, and finish
// `messages` when the connection ends (normally after a close handshake, with an error
// otherwise).

import Foundation
import RClaudeCore

extension SSMWebSocketClient {
    /// How the loop ended.
    private enum Ending {
        case closeHandshake(code: UInt16?, reason: String)
        case failure(CoreError)
    }

    /// Runs until the connection ends, then releases everything.
    func runLoop() {
        var fragments: (opcode: SSMWebSocketFrame.Opcode, payload: [UInt8])?
        var receivedClose = false
        var peerClosed = false
        var nextPing = options.pingInterval.map { ContinuousClock.now.advanced(by: $0) }
        var ending: Ending?

        loop: while ending == nil {
            // Frames already buffered.
            do {
                while let frame = try decoder.next() {
                    switch frame.opcode {
                    case .ping:
                        enqueueControl(.pong, frame.payload)
                    case .pong:
                        break
                    case .close:
                        let code =
                            frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
                        let reason = String(decoding: frame.payload.dropFirst(2), as: UTF8.self)
                        if !receivedClose {
                            receivedClose = true
                            replyToClose(code: code)
                        }
                        ending = .closeHandshake(code: code, reason: reason)
                    case .text, .binary:
                        guard fragments == nil else {
                            throw SSMWebSocketProtocolError(
                                description: "a new message started inside a fragmented one")
                        }
                        if frame.fin {
                            deliver(frame.opcode, frame.payload)
                        } else {
                            fragments = (frame.opcode, frame.payload)
                        }
                    case .continuation:
                        guard var partial = fragments else {
                            throw SSMWebSocketProtocolError(
                                description: "a continuation frame arrived outside a message")
                        }
                        partial.payload += frame.payload
                        guard partial.payload.count <= options.maximumMessageSize else {
                            throw SSMWebSocketProtocolError(
                                description: "a message exceeds \(options.maximumMessageSize) bytes")
                        }
                        if frame.fin {
                            deliver(partial.opcode, partial.payload)
                            fragments = nil
                        } else {
                            fragments = partial
                        }
                    }
                    if ending != nil { break }
                }
            } catch {
                enqueueControl(.close, SSMWebSocketFrame.closePayload(code: 1002, reason: "protocol error"))
                _ = flushWrites()
                ending = .failure(
                    CoreError(code: .unavailable, message: "the data channel sent an invalid WebSocket frame: \(error)")
                )
                break loop
            }
            if ending != nil {
                // Send our close reply (if any) before leaving, within the close timeout.
                drainWrites(until: ContinuousClock.now.advanced(by: options.closeTimeout))
                break loop
            }
            if peerClosed {
                let requested = state.withLock { $0.closeRequested }
                ending =
                    requested
                    ? .closeHandshake(code: nil, reason: "")
                    : .failure(
                        CoreError(
                            code: .unavailable,
                            message: "the data channel server closed the connection without a WebSocket close frame"))
                break loop
            }

            // Keepalive.
            let now = ContinuousClock.now
            if let due = nextPing, now >= due, let interval = options.pingInterval {
                enqueueControl(.ping, Array("keepalive".utf8))
                nextPing = now.advanced(by: interval)
            }

            let closeDeadline = state.withLock { $0.closeDeadline }
            if let closeDeadline, now >= closeDeadline {
                ending = .closeHandshake(code: nil, reason: "")
                break loop
            }

            // Write what is queued.
            let writeStatus = flushWrites()
            if case .failed(let error) = writeStatus {
                ending = .failure(error)
                break loop
            }

            // Read what is available.
            if stream.hasBufferedInput
                || pollReadable(writeStatus: writeStatus, nextPing: nextPing, closeDeadline: closeDeadline)
            {
                readLoop: while true {
                    let result: SSMIOResult
                    do {
                        result = try stream.read(maximum: 64 << 10)
                    } catch {
                        ending = .failure(
                            CoreError(
                                code: .unavailable,
                                message: "the data channel connection failed: \(Self.message(error))"))
                        break loop
                    }
                    switch result {
                    case .bytes(let bytes): decoder.append(bytes)
                    case .endOfStream:
                        // Frames read just before the end (a close frame) are handled first.
                        peerClosed = true
                        break readLoop
                    default: break readLoop
                    }
                }
            }
        }
        finish(ending ?? .closeHandshake(code: nil, reason: ""))
    }

    /// Polls; returns whether the socket may have bytes to read.
    private func pollReadable(
        writeStatus: WriteStatus, nextPing: ContinuousClock.Instant?, closeDeadline: ContinuousClock.Instant?
    ) -> Bool {
        var socketEvents = Int16(POLLIN)
        if case .blocked(let wantsRead) = writeStatus, !wantsRead { socketEvents |= Int16(POLLOUT) }
        var fds = [
            pollfd(fd: stream.fileDescriptor, events: socketEvents, revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        var timeout: Int32 = -1
        for deadline in [nextPing, closeDeadline].compactMap({ $0 }) {
            let milliseconds = SSMSocket.milliseconds(until: deadline)
            timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
        }
        let ready = poll(&fds, 2, timeout)
        guard ready > 0 else { return false }
        if fds[1].revents != 0 {
            var sink = [UInt8](repeating: 0, count: 64)
            while Glibc.read(wakeRead, &sink, 64) > 0 {}
        }
        return fds[0].revents & Int16(POLLIN | POLLERR | POLLHUP) != 0
    }

    enum WriteStatus {
        /// Nothing left to write.
        case idle
        /// Bytes remain; the stream waits for readability (TLS) or writability.
        case blocked(wantsRead: Bool)
        /// The write failed.
        case failed(CoreError)
    }

    /// Writes queued frames until done or the socket is full.
    func flushWrites() -> WriteStatus {
        while true {
            guard let (bytes, offset) = state.withLock({ state in state.outgoing.first.map { ($0.bytes, $0.offset) } })
            else {
                return .idle
            }
            let result: SSMIOResult
            do {
                result = try stream.write(bytes[offset...])
            } catch {
                return .failed(
                    CoreError(code: .unavailable, message: "the data channel connection failed: \(Self.message(error))")
                )
            }
            switch result {
            case .wrote(let count):
                let completion = state.withLock { state -> CheckedContinuation<Void, any Error>?? in
                    state.outgoing[0].offset += count
                    guard state.outgoing[0].offset >= state.outgoing[0].bytes.count else { return nil }
                    return .some(state.outgoing.removeFirst().completion)
                }
                if let done = completion { done?.resume() }
            case .wantRead: return .blocked(wantsRead: true)
            default: return .blocked(wantsRead: false)
            }
        }
    }

    /// Writes queued frames until done or `deadline` (close replies).
    private func drainWrites(until deadline: ContinuousClock.Instant) {
        while true {
            switch flushWrites() {
            case .idle, .failed: return
            case .blocked(let wantsRead):
                guard
                    SSMSocket.wait(stream.fileDescriptor, events: Int16(wantsRead ? POLLIN : POLLOUT), until: deadline)
                else { return }
            }
        }
    }

    private func enqueueControl(_ opcode: SSMWebSocketFrame.Opcode, _ payload: [UInt8]) {
        let bytes = SSMWebSocketFrame(fin: true, opcode: opcode, payload: payload).encoded(mask: Self.randomMask())
        state.withLock { $0.outgoing.append(Outgoing(bytes: bytes)) }
    }

    private func replyToClose(code: UInt16?) {
        let alreadySent = state.withLock { state -> Bool in
            defer { state.closeRequested = true }
            return state.closeRequested
        }
        if !alreadySent {
            enqueueControl(.close, code.map { SSMWebSocketFrame.closePayload(code: $0, reason: "") } ?? [])
        }
    }

    private func deliver(_ opcode: SSMWebSocketFrame.Opcode, _ payload: [UInt8]) {
        if opcode == .text {
            continuation.yield(.text(String(decoding: payload, as: UTF8.self)))
        } else {
            continuation.yield(.binary(payload))
        }
    }

    private func finish(_ ending: Ending) {
        let (pending, waiters) = state.withLock { state in
            state.ended = true
            _ = Glibc.close(wakeRead)
            _ = Glibc.close(wakeWrite)
            let pending = state.outgoing.compactMap(\.completion)
            state.outgoing.removeAll()
            let waiters = state.closeWaiters
            state.closeWaiters.removeAll()
            return (pending, waiters)
        }
        stream.close()
        let closedError = CoreError(
            code: .unavailable, message: "the data channel WebSocket closed before the message was sent")
        for completion in pending { completion.resume(throwing: closedError) }
        switch ending {
        case .closeHandshake(let code, let reason):
            if let code, code != 1000, code != 1001 {
                let detail = reason.isEmpty ? "" : ": \(reason)"
                continuation.finish(
                    throwing: CoreError(
                        code: .unavailable,
                        message: "the data channel server closed the WebSocket with code \(code)\(detail)"))
            } else {
                continuation.finish()
            }
        case .failure(let error):
            continuation.finish(throwing: error)
        }
        for waiter in waiters { waiter.resume() }
    }

    static func message(_ error: any Error) -> String {
        (error as? CoreError)?.message ?? "\(error)"
    }
}
