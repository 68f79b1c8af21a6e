import RClaudeTerminal

// Drawing primitives the views share: filled rectangles, framed panes, styled spans, clipped text.

extension CellStyle {
    /// This style with its default colours taken from `base` (text drawn on a coloured panel).
    public func over(_ base: CellStyle) -> CellStyle {
        var style = self
        if style.foreground == .default { style.foreground = base.foreground }
        if style.background == .default { style.background = base.background }
        return style
    }
}

extension CellStyle {
    /// This style with the background of `other`.
    func withBackground(_ other: CellStyle) -> CellStyle {
        var copy = self
        copy.background = other.background
        return copy
    }
}

extension Grid {
    /// Fills `rect` with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: CellStyle) {
        fill(rect, with: Cell(blankWith: style))
    }

    /// Writes `text` at (x, y), clipped to `clip`'s columns; returns the column after the text.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle, clip: Rect) -> Int {
        guard y >= clip.y, y < clip.maxY, x < clip.maxX else { return x }
        let start = max(x, clip.x)
        if start > x {
            var skipped = 0
            var rest = Substring(text)
            while let c = rest.first, x + skipped < start {
                skipped += CharacterWidth.width(of: c)
                rest = rest.dropFirst()
            }
            return write(rest, x: x + skipped, y: y, style: style, maxX: clip.maxX)
        }
        return write(text, x: x, y: y, style: style, maxX: clip.maxX)
    }

    /// Writes styled spans left to right on row `y` from column `x`, clipped to `clip`.
    @discardableResult
    public mutating func write(_ spans: [Span], x: Int, y: Int, theme: Theme, base: CellStyle = .default, clip: Rect)
        -> Int
    {
        var column = x
        for span in spans {
            column = write(span.text, x: column, y: y, style: theme[span.role].over(base), clip: clip)
            if column >= clip.maxX { break }
        }
        return column
    }

    /// Sets the style of the cells in `rect` (keeping their text): highlights, selections.
    public mutating func restyle(_ rect: Rect, _ transform: (CellStyle) -> CellStyle) {
        let x0 = max(0, rect.x)
        let y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX)
        let y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 {
                var cell = self[x, y]
                cell.style = transform(cell.style)
                self[x, y] = cell
            }
        }
    }

    /// Draws a rounded frame around `rect` with a title on the top edge and a label on the bottom edge.
    /// - Parameters:
    ///   - rect: The frame's outer rectangle.
    ///   - style: The border style.
    ///   - title: Spans drawn into the top edge after `╭─ `.
    ///   - theme: For the spans' roles.
    ///   - footer: Text drawn right-aligned into the bottom edge.
    public mutating func drawFrame(
        _ rect: Rect, style: CellStyle, title: [Span] = [], theme: Theme, footer: String = ""
    ) {
        guard rect.width >= 1, rect.height >= 1 else { return }
        let x0 = rect.x
        let y0 = rect.y
        let x1 = rect.maxX - 1
        let y1 = rect.maxY - 1
        if rect.width == 1 || rect.height == 1 {
            fill(rect, with: Cell("·", style: style))
            return
        }
        for x in (x0 + 1)..<x1 {
            put("─", x: x, y: y0, style: style)
            put("─", x: x, y: y1, style: style)
        }
        for y in (y0 + 1)..<y1 {
            put("│", x: x0, y: y, style: style)
            put("│", x: x1, y: y, style: style)
        }
        put("╭", x: x0, y: y0, style: style)
        put("╮", x: x1, y: y0, style: style)
        put("╰", x: x0, y: y1, style: style)
        put("╯", x: x1, y: y1, style: style)
        let edge = Rect(x: x0 + 2, y: y0, width: max(0, rect.width - 4), height: 1)
        if !title.isEmpty && edge.width > 2 {
            let end = write(" ", x: edge.x, y: y0, style: style, clip: edge)
            let after = write(title, x: end, y: y0, theme: theme, clip: edge)
            write(" ", x: after, y: y0, style: style, clip: edge)
        }
        if !footer.isEmpty {
            let bottom = Rect(x: x0 + 2, y: y1, width: max(0, rect.width - 4), height: 1)
            let text = " " + footer + " "
            let w = TextLayout.width(text)
            if w <= bottom.width { write(text, x: bottom.maxX - w, y: y1, style: style, clip: bottom) }
        }
    }

    /// Draws text centred in `rect` (one line, clipped).
    public mutating func writeCentered(_ text: String, in rect: Rect, y: Int, style: CellStyle) {
        let t = TextLayout.truncate(text, to: rect.width)
        let w = TextLayout.width(t)
        write(t, x: rect.x + max(0, (rect.width - w) / 2), y: y, style: style, clip: rect)
    }

    /// The screen as text, one line per row ending in a newline (trailing spaces trimmed).
    public func textDump() -> String {
        lines.map { $0 + "\n" }.joined()
    }
}
