import RClaudeTerminal

/// Measuring, cleaning, truncating and wrapping text by display width (wide characters count 2).
public enum TextLayout {
    /// Display width of `text` on one line.
    public static func width(_ text: some StringProtocol) -> Int {
        CharacterWidth.width(of: text)
    }

    /// Text made safe to draw: tabs become spaces, other control characters and escape sequences
    /// are dropped, and newlines are kept only when `keepNewlines` is set.
    /// - Parameters:
    ///   - text: Untrusted text (agent output, file contents).
    ///   - keepNewlines: Whether `\n` survives (other line breaks become `\n` too).
    /// - Returns: Printable text.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        var column = 0
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x0A, 0x0D:
                if keepNewlines {
                    if scalar.value == 0x0A { out.append("\n") }
                    column = 0
                } else if scalar.value == 0x0A {
                    out.append(" ")
                    column += 1
                }
            case 0x09:
                let spaces = 4 - (column % 4)
                for _ in 0..<spaces { out.append(" ") }
                column += spaces
            case 0x1B:
                skipEscape(&iterator)
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                out.append(scalar)
                column += 1
            }
        }
        return String(out)
    }

    private static func skipEscape(_ iterator: inout String.UnicodeScalarView.Iterator) {
        guard let next = iterator.next() else { return }
        switch next {
        case "[":
            while let s = iterator.next() {
                if (0x40...0x7E).contains(s.value) { break }
            }
        case "]", "P", "_", "^", "X":
            var previous: Unicode.Scalar = " "
            while let s = iterator.next() {
                if s.value == 0x07 || (previous == "\u{1B}" && s == "\\") { break }
                previous = s
            }
        default:
            return
        }
    }

    /// `text` cut to at most `maxWidth` columns, ending with `…` when it was cut.
    public static func truncate(_ text: String, to maxWidth: Int) -> String {
        guard maxWidth > 0 else { return "" }
        if width(text) <= maxWidth { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = CharacterWidth.width(of: character)
            if used + w > maxWidth - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `columns` columns.
    public static func pad(_ text: String, to columns: Int) -> String {
        let t = truncate(text, to: columns)
        let w = width(t)
        return w >= columns ? t : t + String(repeating: " ", count: columns - w)
    }

    /// `text` right-aligned in `columns` columns.
    public static func padLeft(_ text: String, to columns: Int) -> String {
        let t = truncate(text, to: columns)
        let w = width(t)
        return w >= columns ? t : String(repeating: " ", count: columns - w) + t
    }

    /// Wraps `text` (sanitized, newlines kept) into lines of at most `maxWidth` columns, breaking at
    /// spaces where possible and inside long words otherwise.
    /// - Parameters:
    ///   - text: The text.
    ///   - maxWidth: The line width (at least 1 is used).
    /// - Returns: The lines; an empty text gives one empty line.
    public static func wrap(_ text: String, width maxWidth: Int) -> [String] {
        let limit = max(1, maxWidth)
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            result.append(contentsOf: wrapLine(Substring(paragraph), limit: limit))
        }
        return result.isEmpty ? [""] : result
    }

    private static func wrapLine(_ line: Substring, limit: Int) -> [String] {
        if width(line) <= limit { return [String(line)] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        var lastSpace: String.Index?
        for character in line {
            let w = CharacterWidth.width(of: character)
            if currentWidth + w > limit {
                if let space = lastSpace, character != " " {
                    let head = String(current[..<space])
                    let tail = String(current[current.index(after: space)...])
                    lines.append(head)
                    current = tail
                    currentWidth = width(tail)
                } else {
                    lines.append(current)
                    current = ""
                    currentWidth = 0
                }
                lastSpace = nil
                if character == " " && current.isEmpty { continue }
            }
            if character == " " { lastSpace = current.endIndex }
            current.append(character)
            currentWidth += w
        }
        lines.append(current)
        return lines
    }
}
