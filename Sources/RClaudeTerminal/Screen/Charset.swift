// Character sets designated into G0–G3 (`ESC ( 0` and friends) and the DEC Special Graphics mapping that
// turns `lqqk` into box-drawing lines.

/// A 94-character set an application can designate.
enum Charset: UInt8, Sendable {
    /// US ASCII (`B`).
    case ascii
    /// DEC Special Graphics, line drawing (`0`).
    case decSpecialGraphics
    /// United Kingdom: `#` is `£` (`A`).
    case unitedKingdom

    /// Maps a printable ASCII byte through this set.
    @inline(__always)
    func map(_ value: UInt32) -> UInt32 {
        switch self {
        case .ascii:
            return value
        case .unitedKingdom:
            return value == 0x23 ? 0xA3 : value
        case .decSpecialGraphics:
            guard value >= 0x5F && value <= 0x7E else { return value }
            return Charset.decGraphics[Int(value - 0x5F)]
        }
    }

    static let decGraphics: [UInt32] = [
        0x00A0,  // _ blank
        0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1,  // ` a b c d e f g
        0x2424, 0x240B, 0x2518, 0x2510, 0x250C, 0x2514, 0x253C, 0x23BA,  // h i j k l m n o
        0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C, 0x2524, 0x2534, 0x252C,  // p q r s t u v w
        0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7,  // x y z { | } ~
    ]

    /// The set designated by the final byte of `ESC ( F`, or nil for sets we treat as ASCII.
    static func designated(by final: UInt8) -> Charset {
        switch final {
        case UInt8(ascii: "0"): return .decSpecialGraphics
        case UInt8(ascii: "A"): return .unitedKingdom
        default: return .ascii
        }
    }
}

/// G0–G3 designations and which of them is shifted into GL.
struct CharsetState: Sendable, Equatable {
    var g0: Charset = .ascii
    var g1: Charset = .ascii
    var g2: Charset = .ascii
    var g3: Charset = .ascii
    /// The set invoked into GL: 0 for G0 (SI), 1 for G1 (SO).
    var gl: Int = 0
    /// A single shift (SS2/SS3) for the next character: 2 or 3, 0 for none.
    var singleShift: Int = 0

    /// Whether printable ASCII prints unchanged (the fast path).
    @inline(__always)
    var isPlainASCII: Bool {
        singleShift == 0 && (gl == 0 ? g0 : g1) == .ascii
    }

    func set(_ index: Int) -> Charset {
        switch index {
        case 0: return g0
        case 1: return g1
        case 2: return g2
        default: return g3
        }
    }

    mutating func designate(_ index: Int, _ charset: Charset) {
        switch index {
        case 0: g0 = charset
        case 1: g1 = charset
        case 2: g2 = charset
        default: g3 = charset
        }
    }

    /// Maps a printable ASCII value through GL (or the pending single shift) and consumes the single shift.
    @inline(__always)
    mutating func map(_ value: UInt32) -> UInt32 {
        if singleShift != 0 {
            let charset = set(singleShift)
            singleShift = 0
            return charset.map(value)
        }
        return (gl == 0 ? g0 : g1).map(value)
    }
}
