import Foundation
import RClaudeTerminal

/// Parses the colour values theme files use.
///
/// Accepted: `"default"`, a palette index `0…255` (number or string), `"#rrggbb"`, and the names
/// `black red green yellow blue magenta cyan white`, their `bright-` forms, and `grey`/`gray`.
/// An `#rrggbb` value equal to an xterm palette entry (16–255) is stored as that entry, so it shows
/// exactly on 256-colour terminals.
public enum ThemeColorParser {
    static let names: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "grey": 8, "gray": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// The colour a JSON value names, or nil when it names none.
    /// - Parameter value: A value from `JSONSerialization` (a string or a number).
    /// - Returns: The colour.
    public static func parse(_ value: Any) -> TerminalColor? {
        if let number = value as? Int {
            return (0...255).contains(number) ? .indexed(UInt8(number)) : nil
        }
        if let number = value as? Double, number.rounded() == number, number >= 0, number <= 255 {
            return .indexed(UInt8(number))
        }
        guard let text = value as? String else { return nil }
        return parse(text)
    }

    /// The colour a string names, or nil.
    /// - Parameter text: `default`, `0`–`255`, `#rrggbb` or a colour name.
    /// - Returns: The colour.
    public static func parse(_ text: String) -> TerminalColor? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if lowered == "default" || lowered == "none" { return .default }
        if let index = names[lowered] { return .indexed(index) }
        if let number = Int(lowered) { return (0...255).contains(number) ? .indexed(UInt8(number)) : nil }
        guard lowered.hasPrefix("#"), lowered.count == 7, let rgb = UInt32(lowered.dropFirst(), radix: 16) else {
            return nil
        }
        let r = UInt8(truncatingIfNeeded: rgb >> 16)
        let g = UInt8(truncatingIfNeeded: rgb >> 8)
        let b = UInt8(truncatingIfNeeded: rgb)
        for index in 16...255 {
            if let value = TerminalColor.indexed(UInt8(index)).rgbValue, value.red == r, value.green == g,
                value.blue == b
            {
                return .indexed(UInt8(index))
            }
        }
        return .rgb(r, g, b)
    }

    /// How a colour is written in a theme file.
    /// - Parameter color: The colour.
    /// - Returns: `default`, a name for 0–15, or `#rrggbb`.
    public static func format(_ color: TerminalColor) -> String {
        switch color {
        case .default: return "default"
        case .indexed(let index) where index < 16:
            let order = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
            return index < 8 ? order[Int(index)] : "bright-" + order[Int(index) - 8]
        default:
            guard let rgb = color.rgbValue else { return "default" }
            return "#" + [rgb.red, rgb.green, rgb.blue].map { hex2($0) }.joined()
        }
    }

    private static func hex2(_ value: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4)], digits[Int(value & 0xF)]])
    }
}
