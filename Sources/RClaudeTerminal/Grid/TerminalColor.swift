// A cell colour: the terminal's default, one of the 256 palette entries, or 24-bit RGB. Cells store it
// packed in 32 bits (`packed`): 0 is the default, 0x01_0000nn palette entry nn, 0x02_rrggbb RGB.

/// A foreground or background colour as the application asked for it.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's default colour (SGR 39/49).
    case `default`
    /// One of the 256 palette colours: 0–7 ANSI, 8–15 bright, 16–231 colour cube, 232–255 grey ramp.
    case indexed(UInt8)
    /// A 24-bit colour (SGR 38;2;r;g;b).
    case rgb(UInt8, UInt8, UInt8)

    /// The colour packed into 32 bits, as cells store it.
    @inline(__always)
    var packed: UInt32 {
        switch self {
        case .default: return 0
        case .indexed(let index): return 0x0100_0000 | UInt32(index)
        case .rgb(let r, let g, let b): return 0x0200_0000 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
        }
    }

    /// Unpacks a colour stored in a cell.
    @inline(__always)
    init(packed: UInt32) {
        switch packed >> 24 {
        case 1: self = .indexed(UInt8(truncatingIfNeeded: packed))
        case 2:
            self = .rgb(
                UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8),
                UInt8(truncatingIfNeeded: packed))
        default: self = .default
        }
    }

    /// The RGB value of this colour under the standard xterm palette, or nil for `.default`.
    ///
    /// Palette entries 0–15 use xterm's values; 16–231 the 6×6×6 cube; 232–255 the grey ramp.
    public var rgbValue: (red: UInt8, green: UInt8, blue: UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .indexed(let index):
            let i = Int(index)
            if i < 16 {
                let base: [(UInt8, UInt8, UInt8)] = [
                    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
                    (255, 0, 255), (0, 255, 255), (255, 255, 255),
                ]
                return base[i]
            }
            if i < 232 {
                let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
                let c = i - 16
                return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
            }
            let grey = UInt8(8 + (i - 232) * 10)
            return (grey, grey, grey)
        }
    }
}
