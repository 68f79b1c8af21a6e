// RFC 6455 framing for the data channel's WebSocket client: frames the client sends are masked
// (§5.3); frames from the server arrive unmasked. `SSMWebSocketFrameDecoder` takes bytes as
// they come off the socket and yields whole frames, rejecting what the RFC forbids (reserved
// bits, fragmented or oversized control frames) and frames larger than a limit.

/// One WebSocket frame.
struct SSMWebSocketFrame: Equatable, Sendable {
    /// Frame opcodes (§5.2).
    enum Opcode: UInt8, Sendable {
        case continuation = 0x0
        case text = 0x1
        case binary = 0x2
        case close = 0x8
        case ping = 0x9
        case pong = 0xA

        /// Whether it is a control frame (close, ping, pong).
        var isControl: Bool { rawValue & 0x8 != 0 }
    }

    /// Whether this is the message's last frame.
    var fin: Bool
    /// The frame's opcode.
    var opcode: Opcode
    /// The (unmasked) payload.
    var payload: [UInt8]

    /// The frame's bytes, masked with `mask` when given (client frames must be).
    func encoded(mask: [UInt8]?) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        switch payload.count {
        case ..<126:
            bytes.append(maskBit | UInt8(payload.count))
        case ...0xFFFF:
            bytes.append(maskBit | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            bytes.append(maskBit | 127)
            let length = UInt64(payload.count)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        }
        guard let mask, mask.count == 4 else { return bytes + payload }
        bytes += mask
        bytes.reserveCapacity(bytes.count + payload.count)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ mask[index & 3]) }
        return bytes
    }

    /// A close frame's payload: the status code and a reason (at most 123 bytes).
    static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))
    }
}

/// Why bytes from the server are not valid WebSocket frames.
struct SSMWebSocketProtocolError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    var description: String
}

/// Cuts a byte stream into WebSocket frames.
struct SSMWebSocketFrameDecoder {
    /// The largest frame payload accepted.
    let maximumPayload: Int
    private var buffer: [UInt8] = []
    private var start = 0

    /// A decoder accepting payloads up to `maximumPayload` bytes.
    init(maximumPayload: Int = 16 << 20) {
        self.maximumPayload = maximumPayload
    }

    /// Adds bytes read from the socket.
    mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, or nil when more bytes are needed.
    ///
    /// - Throws: `SSMWebSocketProtocolError` for frames the RFC forbids or that exceed the limit.
    mutating func next() throws(SSMWebSocketProtocolError) -> SSMWebSocketFrame? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start]
        let second = buffer[start + 1]
        guard first & 0x70 == 0 else {
            throw SSMWebSocketProtocolError(description: "a frame sets reserved bits (no extension was negotiated)")
        }
        guard let opcode = SSMWebSocketFrame.Opcode(rawValue: first & 0x0F) else {
            throw SSMWebSocketProtocolError(description: "a frame has the unknown opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[start + 2]) << 8 | UInt64(buffer[start + 3])
            headerLength = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = buffer[(start + 2)..<(start + 10)].reduce(0) { $0 << 8 | UInt64($1) }
            headerLength = 10
        }
        if opcode.isControl, !fin || length > 125 {
            throw SSMWebSocketProtocolError(description: "a control frame is fragmented or longer than 125 bytes")
        }
        guard length <= UInt64(maximumPayload) else {
            throw SSMWebSocketProtocolError(
                description: "a frame of \(length) bytes exceeds the \(maximumPayload)-byte limit")
        }
        let maskLength = masked ? 4 : 0
        let total = headerLength + maskLength + Int(length)
        guard available >= total else { return nil }
        let payloadStart = start + headerLength + maskLength
        var payload = Array(buffer[payloadStart..<(start + total)])
        if masked {
            let mask = Array(buffer[(start + headerLength)..<payloadStart])
            for index in payload.indices { payload[index] ^= mask[index & 3] }
        }
        start += total
        return SSMWebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }
}
