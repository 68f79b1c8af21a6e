/// Cuts a Connect streaming body into envelopes as its bytes arrive, however the transport
/// split them. It never traps: a frame it cannot accept (compressed, unknown flags, an
/// absurd length, data after the end of the stream, or a body that stops mid-frame) is a
/// `ConnectError` naming what was wrong.
public struct ConnectEnvelopeDecoder: Sendable {
    /// The largest message accepted.
    public let maxMessageSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    private var consumed = 0

    /// Creates a decoder.
    public init(maxMessageSize: Int = 16 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether the end-of-stream envelope has been read.
    public var sawEndStream: Bool { ended }

    /// Adds `bytes` and returns the envelopes they complete.
    ///
    /// - Throws: `ConnectError` (`.dataLoss`) for a frame that breaks the protocol.
    public mutating func feed(_ bytes: [UInt8]) throws -> [ConnectEnvelope] {
        guard !bytes.isEmpty else { return [] }
        if ended {
            throw ConnectError(code: .dataLoss, message: "envd sent \(bytes.count) bytes after the end of the stream")
        }
        buffer.append(contentsOf: bytes)
        var envelopes: [ConnectEnvelope] = []
        while buffer.count - start >= ConnectEnvelope.headerSize {
            let flags = buffer[start]
            let length =
                Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
                | Int(buffer[start + 4])
            if flags & ~(ConnectEnvelope.compressedFlag | ConnectEnvelope.endStreamFlag) != 0 {
                throw ConnectError(
                    code: .dataLoss,
                    message: "envd sent a frame with unknown flags 0x\(String(flags, radix: 16)) at byte \(consumed); "
                        + "the stream is not the Connect protocol (a proxy error page?)")
            }
            if flags & ConnectEnvelope.compressedFlag != 0 {
                throw ConnectError(
                    code: .internal, message: "envd sent a compressed frame, but rclaude asked for no compression")
            }
            if length > maxMessageSize {
                throw ConnectError(
                    code: .resourceExhausted,
                    message: "envd announced a \(length)-byte message at byte \(consumed) (limit \(maxMessageSize)); "
                        + "the stream is damaged or not the Connect protocol")
            }
            guard buffer.count - start >= ConnectEnvelope.headerSize + length else { break }
            let body = Array(
                buffer[(start + ConnectEnvelope.headerSize)..<(start + ConnectEnvelope.headerSize + length)])
            start += ConnectEnvelope.headerSize + length
            consumed += ConnectEnvelope.headerSize + length
            envelopes.append(ConnectEnvelope(flags: flags, payload: body))
            if flags & ConnectEnvelope.endStreamFlag != 0 {
                ended = true
                break
            }
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
        return envelopes
    }

    /// Checks that the body ended on a frame boundary.
    ///
    /// - Throws: `ConnectError` `.dataLoss` when a frame was cut short.
    public func finish() throws {
        let pending = buffer.count - start
        guard pending > 0 else { return }
        if ended {
            throw ConnectError(code: .dataLoss, message: "envd sent \(pending) bytes after the end of the stream")
        }
        if pending < ConnectEnvelope.headerSize {
            throw ConnectError(
                code: .dataLoss,
                message: "the stream ended inside a frame header (\(pending) of 5 bytes at byte \(consumed))")
        }
        let length =
            Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
            | Int(buffer[start + 4])
        throw ConnectError(
            code: .dataLoss,
            message:
                "the stream ended inside a frame (\(pending - ConnectEnvelope.headerSize) of \(length) bytes at byte \(consumed))"
        )
    }
}
