import CNCurses
import RClaudeTerminal
import RClaudeUI

/// Draws frames with ncursesw: only the cells that changed since the last frame, with colour pairs
/// allocated on demand (palette colours, the terminal's default background as -1).
///
/// Used only on the backend's curses thread.
struct CursesScreen {
    private var last: Grid?
    private var pairs: [UInt32: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private let colorCount: Int
    /// How colours are reduced to what the terminal shows.
    let depth: ColorDepth
    private var cursorVisible = false

    init(depth: ColorDepth) {
        self.depth = depth
        self.colorCount = Int(cncurses_colors())
        self.maxPairs = min(Int32(cncurses_color_pairs()), 32767)
    }

    /// Forgets the last frame (after a resize or a redraw request), so the next one is drawn whole.
    mutating func invalidate() {
        last = nil
        _ = wclear(cncurses_stdscr())
    }

    /// Draws a frame and places the cursor.
    mutating func draw(_ frame: Grid, cursor: (x: Int, y: Int)?) {
        let screen = cncurses_stdscr()
        let rows = Int(cncurses_lines())
        let cols = Int(cncurses_cols())
        if let last, last.width != frame.width || last.height != frame.height { invalidate() }
        var text = [wchar_t](repeating: 0, count: 8)
        for run in FrameDiff.runs(from: last, to: frame) where run.y < rows {
            _ = wmove(screen, Int32(run.y), Int32(run.x))
            var x = run.x
            while x < run.x + run.width && x < cols {
                let cell = frame[x, run.y]
                if cell.isWideContinuation {
                    x += 1
                    continue
                }
                fill(&text, frame.text(of: cell))
                let (attrs, pair) = style(cell.style)
                if cell.width == 2 && x + 1 >= cols {
                    text[0] = 0x20
                    text[1] = 0
                }
                _ = cncurses_add_cell(text, attrs, pair)
                x += max(1, cell.width)
            }
        }
        last = frame
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < cols, cursor.y < rows {
            if !cursorVisible {
                _ = curs_set(1)
                cursorVisible = true
            }
            _ = wmove(screen, Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            _ = curs_set(0)
            cursorVisible = false
        }
        _ = wnoutrefresh(screen)
        _ = doupdate()
    }

    /// Copies a cell's text into a NUL-terminated wide string (at most 5 scalars, ncurses' limit).
    private func fill(_ buffer: inout [wchar_t], _ text: String) {
        var i = 0
        for scalar in text.unicodeScalars where i < 5 {
            buffer[i] = wchar_t(bitPattern: scalar.value)
            i += 1
        }
        if i == 0 {
            buffer[0] = 0x20
            i = 1
        }
        buffer[i] = 0
    }

    /// The curses attributes and colour pair of a style.
    private mutating func style(_ style: CellStyle) -> (attr_t, Int32) {
        var attrs = cncurses_a_normal()
        let a = style.attributes
        if a.contains(.bold) { attrs |= cncurses_a_bold() }
        if a.contains(.dim) { attrs |= cncurses_a_dim() }
        if a.contains(.italic) { attrs |= cncurses_a_italic() }
        if a.contains(.inverse) { attrs |= cncurses_a_reverse() }
        if a.contains(.blink) { attrs |= cncurses_a_blink() }
        if a.contains(.hidden) { attrs |= cncurses_a_invis() }
        if style.underline != .none { attrs |= cncurses_a_underline() }
        guard depth != .none else { return (attrs, 0) }
        let fg = number(style.foreground)
        let bg = number(style.background)
        if fg < 0 && bg < 0 { return (attrs, 0) }
        let key = UInt32(UInt16(bitPattern: fg &+ 1)) << 16 | UInt32(UInt16(bitPattern: bg &+ 1))
        if let pair = pairs[key] { return (attrs, pair) }
        guard nextPair < maxPairs else { return (attrs, 0) }
        let pair = nextPair
        nextPair += 1
        _ = init_pair(Int16(pair), fg, bg)
        pairs[key] = pair
        return (attrs, pair)
    }

    /// The curses colour number of a colour (-1 for the default).
    private func number(_ color: TerminalColor) -> Int16 {
        switch depth.reduce(color) {
        case .default: return -1
        case .indexed(let n):
            if Int(n) < colorCount { return Int16(n) }
            if let rgb = TerminalColor.indexed(n).rgbValue {
                return Int16(ColorDepth.nearestANSI(rgb.red, rgb.green, rgb.blue) % UInt8(max(1, min(16, colorCount))))
            }
            return -1
        case .rgb(let r, let g, let b):
            return colorCount >= 256
                ? Int16(ColorDepth.nearest256(r, g, b)) : Int16(ColorDepth.nearestANSI(r, g, b) % 8)
        }
    }
}
