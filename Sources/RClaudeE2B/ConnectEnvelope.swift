// The Connect protocol's streaming frame: one flags byte, a 4-byte big-endian length and the
// message. Bit 0x01 marks a compressed message, bit 0x02 the end-of-stream message that
// carries the call's outcome as JSON (`{}` or `{"error": {...}}`).

/// One frame of a Connect streaming body.
public struct ConnectEnvelope: Sendable, Equatable {
    /// The flag byte.
    public var flags: UInt8
    /// The message bytes (JSON here).
    public var payload: [UInt8]

    /// The flag of a compressed message.
    public static let compressedFlag: UInt8 = 0x01
    /// The flag of the end-of-stream message.
    public static let endStreamFlag: UInt8 = 0x02
    /// The header's size: flags and length.
    public static let headerSize = 5

    /// Creates an envelope.
    public init(flags: UInt8 = 0, payload: [UInt8]) {
        self.flags = flags
        self.payload = payload
    }

    /// Whether this is the end-of-stream message.
    public var isEndStream: Bool { flags & Self.endStreamFlag != 0 }

    /// The frame's bytes.
    public var encoded: [UInt8] {
        let length = UInt32(truncatingIfNeeded: payload.count)
        return [
            flags, UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF),
        ]
            + payload
    }
}
