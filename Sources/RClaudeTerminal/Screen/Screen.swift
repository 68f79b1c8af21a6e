// The terminal model the parser drives: primary and alternate grids, scrollback, cursor, pen, modes,
// scroll region, tab stops and character sets. `Screen` implements `VTParserHandler`; its handlers are
// split by family across `Screen+Print.swift` (printing), `Screen+Control.swift` (C0 and ESC),
// `Screen+CSI.swift`, `Screen+SGR.swift`, `Screen+OSC.swift`, `Screen+Modes.swift` and
// `Screen+Resize.swift`. Replies, title changes and the bell are collected in `output` as values.

/// Cursor state saved by DECSC / `CSI s` / DECSET 1048 and 1049.
struct SavedCursor: Sendable, Equatable {
    var x = 0
    var y = 0
    var pendingWrap = false
    var pen = CellStyle.default
    var originMode = false
    var charsets = CharsetState()
}

/// The emulated terminal screen.
struct Screen: Sendable {
    var cols: Int
    var rows: Int
    /// The grid being displayed (the alternate one while `isAlternate`).
    var grid: Grid
    /// The grid not being displayed.
    var otherGrid: Grid
    var isAlternate = false
    var scrollback: Scrollback

    var x = 0
    var y = 0
    var pendingWrap = false
    var pen = CellStyle.default
    var modes = TerminalModes()
    var top = 0
    var bottom: Int
    var tabStops: [Bool]
    var charsets = CharsetState()
    var savedPrimary = SavedCursor()
    var savedAlternate = SavedCursor()

    var title = ""
    var iconName = ""
    var titleStack: [(title: String, icon: String)] = []
    /// The last graphic character printed, for REP; 0 when there is none.
    var lastPrinted: UInt32 = 0
    var links = HyperlinkTable()
    var output = EmulatorOutput()

    /// Most reply bytes produced by one `feed`; queries beyond that are not answered.
    static let maxReplyBytes = 16 * 1024
    /// Most titles kept by `CSI 22 t`.
    static let maxTitleStack = 10

    init(cols: Int, rows: Int, scrollbackLimit: Int) {
        let c = max(1, cols)
        let r = max(1, rows)
        self.cols = c
        self.rows = r
        self.grid = Grid(width: c, height: r)
        self.otherGrid = Grid(width: c, height: r)
        self.scrollback = Scrollback(limit: scrollbackLimit)
        self.bottom = r - 1
        self.tabStops = Screen.defaultTabStops(c)
    }

    static func defaultTabStops(_ cols: Int) -> [Bool] {
        (0..<cols).map { $0 % 8 == 0 && $0 != 0 }
    }

    // MARK: - Shared helpers

    /// An erased cell: blank, with the pen's background colour (background colour erase).
    @inline(__always)
    var blank: Cell {
        Cell(content: Cell.width1, style: CellStyle(fg: 0, bg: pen.bg, flags: 0, link: 0))
    }

    /// Appends a reply, unless this feed already produced `maxReplyBytes`.
    mutating func reply(_ text: String) {
        let bytes = Array(text.utf8)
        guard output.replies.count + bytes.count <= Screen.maxReplyBytes else { return }
        output.replies.append(contentsOf: bytes)
    }

    /// Row bounds the cursor may address: the scroll region in origin mode, the screen otherwise.
    @inline(__always)
    var addressTop: Int { modes.originMode ? top : 0 }
    @inline(__always)
    var addressBottom: Int { modes.originMode ? bottom : rows - 1 }

    /// Moves the cursor to (col, row), clamped; `row` is relative to the region in origin mode.
    mutating func moveTo(x newX: Int, y newY: Int) {
        x = min(max(0, newX), cols - 1)
        y = min(max(addressTop, newY + addressTop), addressBottom)
        pendingWrap = false
    }

    /// Scrolls the region up by `count` lines; lines leaving the top of the full-width region at row 0
    /// of the primary screen go to scrollback.
    mutating func scrollUp(_ count: Int) {
        let n = min(count, bottom - top + 1)
        guard n > 0 else { return }
        if top == 0 && !isAlternate && scrollback.limit > 0 {
            for i in 0..<n {
                let base = grid.rowBase(i)
                let wrapped = grid.wrapped[grid.rowMap[i]]
                grid.cells.withUnsafeBufferPointer { p in
                    scrollback.push(
                        cells: UnsafeBufferPointer(rebasing: p[base..<(base + cols)]), clusters: grid.clusters,
                        wrapped: wrapped)
                }
            }
        }
        grid.scrollUp(top: top, bottom: bottom, count: n, blank: blank)
    }

    /// Scrolls the region down by `count` lines.
    mutating func scrollDown(_ count: Int) {
        grid.scrollDown(top: top, bottom: bottom, count: min(count, bottom - top + 1), blank: blank)
    }

    /// Moves down one line, scrolling at the bottom of the region (IND).
    mutating func index() {
        if y == bottom {
            scrollUp(1)
        } else if y < rows - 1 {
            y += 1
        }
    }

    /// Moves up one line, scrolling at the top of the region (RI).
    mutating func reverseIndex() {
        if y == top {
            scrollDown(1)
        } else if y > 0 {
            y -= 1
        }
    }

    /// LF, VT, FF: index, plus carriage return in LNM.
    mutating func lineFeed() {
        index()
        if modes.newlineMode { x = 0 }
        pendingWrap = false
    }

    /// The cursor as a public value.
    var cursor: Cursor {
        Cursor(x: x, y: y, isVisible: modes.cursorVisible, shape: modes.cursorShape, pendingWrap: pendingWrap)
    }

    /// Resets everything but the scrollback (RIS).
    mutating func fullReset() {
        if isAlternate {
            swap(&grid, &otherGrid)
            isAlternate = false
        }
        grid = Grid(width: cols, height: rows)
        otherGrid = Grid(width: cols, height: rows)
        x = 0
        y = 0
        pendingWrap = false
        pen = .default
        modes = TerminalModes()
        top = 0
        bottom = rows - 1
        tabStops = Screen.defaultTabStops(cols)
        charsets = CharsetState()
        savedPrimary = SavedCursor()
        savedAlternate = SavedCursor()
        title = ""
        iconName = ""
        titleStack = []
        lastPrinted = 0
        output.title = ""
    }
}
