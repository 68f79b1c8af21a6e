// libvterm (Debian libvterm-dev 0.1.4) as an oracle: feed it the same bytes and read back its screen.

import CVTerm

@testable import RClaudeTerminal

/// One cell as libvterm reports it.
struct OracleCell: Equatable {
    var text: String
    var width: Int
    var foreground: TerminalColor
    var background: TerminalColor
    var bold: Bool
    var italic: Bool
    var underline: Int
    var blink: Bool
    var reverse: Bool
    var strike: Bool
}

/// A libvterm terminal with its screen layer.
final class VTermOracle {
    private let vt: OpaquePointer
    private let screen: OpaquePointer
    private let state: OpaquePointer
    let cols: Int
    let rows: Int

    init(cols: Int, rows: Int) {
        guard let vt = vterm_new(Int32(rows), Int32(cols)), let screen = vterm_obtain_screen(vt),
            let state = vterm_obtain_state(vt)
        else {
            fatalError("libvterm could not be created")
        }
        self.vt = vt
        self.screen = screen
        self.state = state
        self.cols = cols
        self.rows = rows
        vterm_set_utf8(vt, 1)
        vterm_screen_enable_altscreen(screen, 1)
        vterm_screen_reset(screen, 1)
    }

    deinit { vterm_free(vt) }

    /// Feeds bytes and returns what libvterm wants to send back.
    @discardableResult
    func feed(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                _ = vterm_input_write(vt, $0, buffer.count)
            }
        }
        vterm_screen_flush_damage(screen)
        var out: [UInt8] = []
        var chunk = [CChar](repeating: 0, count: 4096)
        while true {
            let n = vterm_output_read(vt, &chunk, chunk.count)
            if n == 0 { break }
            out += chunk[0..<n].map { UInt8(bitPattern: $0) }
        }
        return out
    }

    var cursor: (x: Int, y: Int) {
        var pos = VTermPos()
        vterm_state_get_cursorpos(state, &pos)
        return (Int(pos.col), Int(pos.row))
    }

    func cell(x: Int, y: Int) -> OracleCell {
        var c = VTermScreenCell()
        _ = vterm_screen_get_cell(screen, VTermPos(row: Int32(y), col: Int32(x)), &c)
        var text = ""
        let chars = [c.chars.0, c.chars.1, c.chars.2, c.chars.3, c.chars.4, c.chars.5]
        if chars[0] == UInt32.max {
            text = ""
        } else if chars[0] == 0 {
            text = " "
        } else {
            for v in chars {
                if v == 0 { break }
                if let s = Unicode.Scalar(v) { text.unicodeScalars.append(s) }
            }
        }
        return OracleCell(
            text: text, width: Int(c.width), foreground: color(&c.fg, foreground: true),
            background: color(&c.bg, foreground: false), bold: c.attrs.bold != 0, italic: c.attrs.italic != 0,
            underline: Int(c.attrs.underline), blink: c.attrs.blink != 0, reverse: c.attrs.reverse != 0,
            strike: c.attrs.strike != 0)
    }

    private func color(_ c: inout VTermColor, foreground: Bool) -> TerminalColor {
        if foreground ? cvterm_color_is_default_fg(&c) != 0 : cvterm_color_is_default_bg(&c) != 0 {
            return .default
        }
        if cvterm_color_is_indexed(&c) != 0 {
            return .indexed(c.indexed.idx)
        }
        return .rgb(c.rgb.red, c.rgb.green, c.rgb.blue)
    }

    /// Row `y` as text with trailing spaces trimmed, wide characters once.
    func line(_ y: Int) -> String {
        var s = ""
        var previousWidth = 1
        for x in 0..<cols {
            let c = cell(x: x, y: y)
            // libvterm leaves the other half of a wide character in place when one half is overwritten;
            // xterm (and we) blank it. Read such orphaned halves as blanks.
            if c.text.isEmpty {
                s += previousWidth == 2 ? "" : " "
                previousWidth = 1
            } else if c.width == 2
                && (x + 1 >= cols || !cell(x: x + 1, y: y).text.isEmpty
                    || CharacterWidth.width(of: c.text.unicodeScalars.first?.value ?? 0) != 2)
            {
                // A stale width-2 mark on a narrow character that overwrote a wide one.
                if CharacterWidth.width(of: c.text.unicodeScalars.first?.value ?? 0) == 1 {
                    s += c.text
                    previousWidth = 1
                    continue
                }
                s += " "
                previousWidth = 1
            } else if c.width == 1 && CharacterWidth.width(of: c.text.unicodeScalars.first?.value ?? 0) == 2 {
                // The left half of a wide character whose right half was overwritten.
                s += " "
                previousWidth = 1
            } else {
                s += c.text
                previousWidth = c.width
            }
        }
        while s.last == " " { s.removeLast() }
        return s
    }

    var lines: [String] { (0..<rows).map { line($0) } }
}
