import RClaudeTerminal

/// How many colours the real terminal shows, and how theme colours are reduced to fit.
public enum ColorDepth: Sendable, Equatable {
    /// No colour (NO_COLOR, or a monochrome terminal): attributes only.
    case none
    /// The 8 (or 16) ANSI colours.
    case ansi
    /// The 256-colour palette.
    case palette256
    /// 24-bit colour.
    case trueColor

    /// The depth for a number of colours reported by the terminal (`COLORS`).
    public init(colors: Int, noColor: Bool) {
        if noColor || colors < 8 {
            self = .none
        } else if colors < 256 {
            self = .ansi
        } else if colors < 1 << 24 {
            self = .palette256
        } else {
            self = .trueColor
        }
    }

    /// `color` as this depth can show it (nearest match).
    public func reduce(_ color: TerminalColor) -> TerminalColor {
        switch (self, color) {
        case (_, .default): return .default
        case (.none, _): return .default
        case (.trueColor, _): return color
        case (.palette256, .indexed): return color
        case (.palette256, .rgb(let r, let g, let b)): return .indexed(ColorDepth.nearest256(r, g, b))
        case (.ansi, .indexed(let i)) where i < 16: return color
        case (.ansi, _):
            guard let rgb = color.rgbValue else { return .default }
            return .indexed(ColorDepth.nearestANSI(rgb.red, rgb.green, rgb.blue))
        }
    }

    /// The nearest entry of the 6×6×6 cube or the grey ramp.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in levels.enumerated() where abs(l - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance((levels[ri], levels[gi], levels[bi]), (Int(r), Int(g), Int(b)))
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
        let grey = 8 + greyIndex * 10
        let greyDistance = distance((grey, grey, grey), (Int(r), Int(g), Int(b)))
        return UInt8(greyDistance < cubeDistance ? 232 + greyIndex : cube)
    }

    /// The ANSI colour (0–15) closest in hue and brightness.
    public static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let channels = [Int(r), Int(g), Int(b)]
        let high = channels.max() ?? 0
        let low = channels.min() ?? 0
        if high < 48 { return 0 }
        if high - low < 40 {
            if high < 110 { return 8 }
            return high < 215 ? 7 : 15
        }
        let threshold = low + (high - low) / 2
        var index = 0
        for (bit, value) in channels.enumerated() where value > threshold { index |= 1 << bit }
        if index == 0 { index = 7 }
        return UInt8(index + (high > 191 ? 8 : 0))
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0
        let dg = a.1 - b.1
        let db = a.2 - b.2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
