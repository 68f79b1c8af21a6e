// Text and JSON renderings of an emulator's screen, for `rclaude debug render` and for tests. The JSON
// shape is documented in docs/terminal.md; keys are written in a fixed order so output is diffable.

/// Renders an emulator's visible screen as text or JSON.
public enum ScreenDump {
    /// The visible rows, trailing spaces trimmed, one per line (each line ends with a newline).
    /// - Parameter emulator: The emulator to render.
    /// - Returns: The text.
    public static func text(_ emulator: Emulator) -> String {
        var out = ""
        for line in emulator.lines {
            out += line
            out += "\n"
        }
        return out
    }

    /// The screen as a JSON object: size, cursor, modes, title, and every cell of every row.
    /// - Parameter emulator: The emulator to render.
    /// - Returns: JSON text ending with a newline.
    public static func json(_ emulator: Emulator) -> String {
        let grid = emulator.grid
        let cursor = emulator.cursor
        let modes = emulator.modes
        var out = "{\n"
        out += "  \"cols\": \(emulator.cols),\n"
        out += "  \"rows\": \(emulator.rows),\n"
        out += "  \"cursor\": {\"x\": \(cursor.x), \"y\": \(cursor.y), \"visible\": \(cursor.isVisible), "
        out += "\"shape\": \(quote(name(of: cursor.shape)))},\n"
        out += "  \"title\": \(quote(emulator.title)),\n"
        out += "  \"alternateScreen\": \(emulator.isAlternateScreen),\n"
        out += "  \"scrollbackLines\": \(emulator.scrollbackCount),\n"
        out += "  \"modes\": {"
        let flags: [(String, Bool)] = [
            ("applicationCursorKeys", modes.applicationCursorKeys), ("applicationKeypad", modes.applicationKeypad),
            ("autowrap", modes.autowrap), ("originMode", modes.originMode), ("insertMode", modes.insertMode),
            ("newlineMode", modes.newlineMode), ("cursorVisible", modes.cursorVisible),
            ("reverseVideo", modes.reverseVideo), ("bracketedPaste", modes.bracketedPaste),
            ("focusEvents", modes.focusEvents), ("synchronizedOutput", modes.synchronizedOutput),
        ]
        for (name, value) in flags {
            out += "\(quote(name)): \(value), "
        }
        out += "\"mouseTracking\": \(quote(name(of: modes.mouseTracking))), "
        out += "\"mouseEncoding\": \(quote(name(of: modes.mouseEncoding)))},\n"
        out += "  \"lines\": [\n"
        let lines = grid.lines
        for (i, line) in lines.enumerated() {
            out += "    \(quote(line))\(i + 1 < lines.count ? "," : "")\n"
        }
        out += "  ],\n"
        out += "  \"cells\": [\n"
        for y in 0..<grid.height {
            out += "    ["
            var first = true
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isWideContinuation { continue }
                if !first { out += ", " }
                first = false
                out += "{\"x\": \(x), \"char\": \(quote(grid.text(of: cell))), \"width\": \(cell.width), "
                out += "\"fg\": \(color(cell.foreground)), \"bg\": \(color(cell.background)), \"attrs\": ["
                out += attributeNames(cell).map { quote($0) }.joined(separator: ", ")
                out += "]"
                if let link = emulator.hyperlink(id: cell.style.hyperlinkID) {
                    out += ", \"link\": \(quote(link.uri))"
                }
                out += "}"
            }
            out += "]\(y + 1 < grid.height ? "," : "")\n"
        }
        out += "  ]\n}\n"
        return out
    }

    /// Names of a cell's attributes, in a fixed order (`underline` carries its style, e.g. `underline:curly`).
    static func attributeNames(_ cell: Cell) -> [String] {
        var names: [String] = []
        let a = cell.attributes
        if a.contains(.bold) { names.append("bold") }
        if a.contains(.dim) { names.append("dim") }
        if a.contains(.italic) { names.append("italic") }
        switch cell.underline {
        case .none: break
        case .single: names.append("underline")
        case .double: names.append("underline:double")
        case .curly: names.append("underline:curly")
        case .dotted: names.append("underline:dotted")
        case .dashed: names.append("underline:dashed")
        }
        if a.contains(.blink) { names.append("blink") }
        if a.contains(.inverse) { names.append("inverse") }
        if a.contains(.hidden) { names.append("hidden") }
        if a.contains(.strikethrough) { names.append("strikethrough") }
        if a.contains(.overline) { names.append("overline") }
        return names
    }

    /// `null` for the default colour, a palette index as a number, RGB as `"#rrggbb"`.
    static func color(_ color: TerminalColor) -> String {
        switch color {
        case .default: return "null"
        case .indexed(let index): return String(index)
        case .rgb(let r, let g, let b): return "\"#\(hex(r))\(hex(g))\(hex(b))\""
        }
    }

    private static func hex(_ v: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(v >> 4)], digits[Int(v & 0xF)]])
    }

    private static func name(of shape: CursorShape) -> String {
        switch shape {
        case .default: return "default"
        case .blinkingBlock: return "blinkingBlock"
        case .steadyBlock: return "steadyBlock"
        case .blinkingUnderline: return "blinkingUnderline"
        case .steadyUnderline: return "steadyUnderline"
        case .blinkingBar: return "blinkingBar"
        case .steadyBar: return "steadyBar"
        }
    }

    private static func name(of tracking: MouseTracking) -> String {
        switch tracking {
        case .none: return "none"
        case .x10: return "x10"
        case .normal: return "normal"
        case .buttonEvent: return "buttonEvent"
        case .anyEvent: return "anyEvent"
        }
    }

    private static func name(of encoding: MouseEncoding) -> String {
        switch encoding {
        case .x10: return "x10"
        case .utf8: return "utf8"
        case .sgr: return "sgr"
        case .urxvt: return "urxvt"
        }
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    let hexValue = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hexValue.count) + hexValue
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }
}
