/// Reading the terminal's answer to an OSC 11 background-colour query.
public enum BackgroundProbe {
    /// The query to write: `ESC ] 11 ; ? ESC \`.
    public static let query: [UInt8] = Array("\u{1b}]11;?\u{1b}\\".utf8)

    /// Whether a reply (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` + ST or BEL) describes a dark background.
    /// - Returns: nil when the reply cannot be read.
    public static func isDark(reply: [UInt8]) -> Bool? {
        let text = String(decoding: reply, as: UTF8.self)
        guard let range = text.range(of: "rgb:") else { return nil }
        let rest = text[range.upperBound...]
        let parts = rest.split(separator: "/", maxSplits: 2).map { part in
            String(part.prefix { $0.isHexDigit })
        }
        guard parts.count == 3 else { return nil }
        var values: [Double] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 4, let v = UInt32(part, radix: 16) else { return nil }
            let max = Double((1 << (4 * part.count)) - 1)
            values.append(Double(v) / max)
        }
        let luminance = 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]
        return luminance < 0.5
    }
}
