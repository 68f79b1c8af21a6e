// The public face of the emulator: feed it an application's output, read back the screen.
//
//     var terminal = Emulator(cols: 80, rows: 24)
//     let output = terminal.feed(bytes)          // bytes from the PTY
//     pty.write(output.replies)                  // answers to DA/DSR queries go back to the application
//     draw(terminal.grid, cursor: terminal.cursor)
//
// `Emulator` is a value type: `VTParser` → `Screen` (grids, scrollback, modes). It does no I/O and keeps no
// references, so it can live inside a `Sendable` state value and be copied for snapshots.

/// A VT/xterm terminal emulator: parses output bytes and maintains the screen they draw.
public struct Emulator: Sendable {
    /// The longest window title kept, in characters.
    public static let maxTitleLength = Screen.maxTitleLength

    var parser = VTParser()
    var screen: Screen

    /// Creates an emulator with a blank screen.
    /// - Parameters:
    ///   - cols: Columns (at least 1).
    ///   - rows: Rows (at least 1).
    ///   - scrollbackLimit: Most lines kept above the primary screen (0 disables scrollback).
    public init(cols: Int, rows: Int, scrollbackLimit: Int = 10_000) {
        screen = Screen(cols: cols, rows: rows, scrollbackLimit: scrollbackLimit)
    }

    // MARK: - Input

    /// Processes output from the application.
    ///
    /// Input may be split anywhere, even inside a UTF-8 character or an escape sequence.
    /// - Parameter bytes: The next bytes the application wrote.
    /// - Returns: Replies to write back to the application, a title change, and bells.
    @discardableResult
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> EmulatorOutput {
        screen.output = EmulatorOutput()
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            parser.feed(buffer, into: &screen)
        }
        if done == nil {
            let array = Array(bytes)
            array.withUnsafeBufferPointer { parser.feed($0, into: &screen) }
        }
        let output = screen.output
        screen.output = EmulatorOutput()
        return output
    }

    /// Processes output given as a string (its UTF-8 bytes).
    /// - Parameter text: Output text, which may contain escape sequences.
    /// - Returns: See `feed(_:)`.
    @discardableResult
    public mutating func feed(_ text: String) -> EmulatorOutput {
        feed(Array(text.utf8))
    }

    /// Resizes the screen; the primary screen reflows soft-wrapped lines.
    ///
    /// Tell the application too (TIOCSWINSZ on its PTY).
    /// - Parameters:
    ///   - cols: New number of columns (at least 1).
    ///   - rows: New number of rows (at least 1).
    public mutating func resize(cols: Int, rows: Int) {
        screen.resize(cols: cols, rows: rows)
    }

    /// Abandons a partial escape sequence or string, returning the parser to its ground state.
    ///
    /// Call it when `isInString` has stayed true for a while (tmux uses 5 seconds), so a program that
    /// started an OSC or DCS string and never finished it cannot swallow later output.
    public mutating func cancelPendingSequence() {
        parser.cancelSequence()
    }

    /// Whether the parser is inside an OSC, DCS, SOS, PM or APC string.
    public var isInString: Bool { parser.isInString }

    /// Full reset (RIS), keeping the scrollback.
    public mutating func reset() {
        parser = VTParser()
        screen.fullReset()
    }

    // MARK: - State

    /// Number of columns.
    public var cols: Int { screen.cols }
    /// Number of rows.
    public var rows: Int { screen.rows }

    /// The visible screen (the alternate screen while a full-screen program uses it).
    public var grid: Grid { screen.grid }

    /// The visible screen's rows as text, trailing spaces trimmed.
    public var lines: [String] { screen.grid.lines }

    /// The cursor position, visibility and shape.
    public var cursor: Cursor { screen.cursor }

    /// The modes the application has set (cursor keys, mouse, bracketed paste…).
    public var modes: TerminalModes { screen.modes }

    /// Whether the alternate screen is showing.
    public var isAlternateScreen: Bool { screen.isAlternate }

    /// The window title the application set (sanitized). Show it only inside your own UI.
    public var title: String { screen.title }

    /// The icon name the application set with OSC 0 or 1 (sanitized).
    public var iconName: String { screen.iconName }

    /// The pen the next character will be drawn with.
    public var currentStyle: CellStyle { screen.pen }

    /// The hyperlink a cell's `style.hyperlinkID` refers to.
    /// - Parameter id: A cell's hyperlink number.
    /// - Returns: The link, or nil for 0 or an unknown number.
    public func hyperlink(id: Int) -> Hyperlink? {
        screen.links.link(id)
    }

    // MARK: - Scrollback

    /// Number of lines in the scrollback.
    public var scrollbackCount: Int { screen.scrollback.count }

    /// The most lines the scrollback keeps.
    public var scrollbackLimit: Int { screen.scrollback.limit }

    /// Changes the scrollback limit, dropping the oldest lines if needed.
    /// - Parameter limit: The new limit (0 disables scrollback).
    public mutating func setScrollbackLimit(_ limit: Int) {
        screen.scrollback.setLimit(limit)
    }

    /// Scrollback line `index` as text (0 is the oldest), trailing spaces trimmed.
    /// - Parameter index: 0..<scrollbackCount.
    /// - Returns: The text, or "" for an index out of range.
    public func scrollbackLine(_ index: Int) -> String {
        guard index >= 0, index < screen.scrollback.count else { return "" }
        return LineCodec.text(screen.scrollback[index].bytes)
    }

    /// All scrollback lines as text, oldest first.
    public var scrollbackLines: [String] {
        (0..<screen.scrollback.count).map { scrollbackLine($0) }
    }

    /// Whether scrollback line `index` continues on the next line (a soft wrap).
    public func isScrollbackLineWrapped(_ index: Int) -> Bool {
        guard index >= 0, index < screen.scrollback.count else { return false }
        return screen.scrollback[index].wrapped
    }

    /// The screen as it looks scrolled back by `offset` lines: the last `offset` scrollback lines on top
    /// and the first `rows - offset` screen rows below them.
    /// - Parameter offset: Lines to scroll back, clamped to 0…scrollbackCount.
    /// - Returns: A grid of the screen's size.
    public func viewport(scrolledBack offset: Int) -> Grid {
        let back = min(max(0, offset), screen.scrollback.count)
        if back == 0 { return screen.grid }
        var result = Grid(width: cols, height: rows)
        let first = screen.scrollback.count - back
        for row in 0..<rows {
            if row < back {
                let line = screen.scrollback[first + row]
                result.setRow(row, LineCodec.decode(line.bytes), wrapped: line.wrapped)
            } else {
                let source = row - back
                result.setRow(
                    row, LineCells(cells: Array(screen.grid.row(source)), clusters: screen.grid.clusters),
                    wrapped: screen.grid.isWrapped(source))
            }
        }
        return result
    }
}
