// The private marker and intermediate bytes of a sequence, packed into a few bytes. More than two
// intermediates mark the sequence as overflowed; such sequences are not acted on.

/// The private marker and intermediate bytes of an escape, CSI or DCS sequence (`CSI ? 25 h`, `ESC ( 0`).
public struct VTIntermediates: Hashable, Sendable {
    /// The private marker byte (`<`, `=`, `>`, `?`), or 0.
    public internal(set) var privateMarker: UInt8
    /// Up to two intermediate bytes (0x20–0x2F) packed first-in-low-byte; 0 when none.
    @usableFromInline var packed: UInt16
    /// Number of intermediate bytes (excluding the private marker).
    public internal(set) var count: Int
    /// Whether more intermediates arrived than are kept; such sequences are not acted on.
    public internal(set) var overflowed: Bool

    /// No marker and no intermediates.
    public init() {
        privateMarker = 0
        packed = 0
        count = 0
        overflowed = false
    }

    /// Creates intermediates from bytes.
    /// - Parameters:
    ///   - privateMarker: `?`, `>`, `<`, `=` or 0.
    ///   - bytes: Intermediate bytes, at most two are kept.
    public init(privateMarker: UInt8 = 0, _ bytes: [UInt8] = []) {
        self.init()
        self.privateMarker = privateMarker
        for b in bytes { collect(b) }
    }

    @inline(__always)
    mutating func collect(_ byte: UInt8) {
        if count >= 2 {
            overflowed = true
            return
        }
        packed |= UInt16(byte) << UInt16(8 * count)
        count += 1
    }

    @inline(__always)
    mutating func reset() {
        privateMarker = 0
        packed = 0
        count = 0
        overflowed = false
    }

    /// The first intermediate byte, or 0.
    public var first: UInt8 { UInt8(truncatingIfNeeded: packed) }

    /// The intermediate bytes in order.
    public var bytes: [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: packed >> UInt16(8 * $0)) }
    }
}
