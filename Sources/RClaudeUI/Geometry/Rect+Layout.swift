import RClaudeTerminal

// Small rectangle arithmetic for laying out panes. Every helper clamps to non-negative sizes, so a
// layout computed for a tiny window degrades to empty rectangles instead of trapping.

extension Rect {
    /// A rectangle with no cells.
    public static let empty = Rect(x: 0, y: 0, width: 0, height: 0)

    /// Whether the rectangle has no cells.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The column just right of the rectangle.
    public var maxX: Int { x + width }

    /// The row just below the rectangle.
    public var maxY: Int { y + height }

    /// The rectangle shrunk by `dx` columns on each side and `dy` rows on top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    /// The top `rows` rows (clamped).
    public func top(_ rows: Int) -> Rect {
        Rect(x: x, y: y, width: max(0, width), height: min(max(0, rows), max(0, height)))
    }

    /// Everything below the top `rows` rows.
    public func droppingTop(_ rows: Int) -> Rect {
        let n = min(max(0, rows), max(0, height))
        return Rect(x: x, y: y + n, width: max(0, width), height: max(0, height) - n)
    }

    /// The bottom `rows` rows (clamped).
    public func bottom(_ rows: Int) -> Rect {
        let n = min(max(0, rows), max(0, height))
        return Rect(x: x, y: y + max(0, height) - n, width: max(0, width), height: n)
    }

    /// Everything above the bottom `rows` rows.
    public func droppingBottom(_ rows: Int) -> Rect {
        let n = min(max(0, rows), max(0, height))
        return Rect(x: x, y: y, width: max(0, width), height: max(0, height) - n)
    }

    /// The left `columns` columns (clamped).
    public func left(_ columns: Int) -> Rect {
        Rect(x: x, y: y, width: min(max(0, columns), max(0, width)), height: max(0, height))
    }

    /// Everything right of the left `columns` columns.
    public func droppingLeft(_ columns: Int) -> Rect {
        let n = min(max(0, columns), max(0, width))
        return Rect(x: x + n, y: y, width: max(0, width) - n, height: max(0, height))
    }

    /// Whether the cell (px, py) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && py >= y && px < x + width && py < y + height
    }

    /// A rectangle of `size` centred inside this one (clamped to fit).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), max(0, width))
        let ch = min(max(0, h), max(0, height))
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The part of this rectangle inside `other`.
    public func clipped(to other: Rect) -> Rect {
        let x0 = max(x, other.x)
        let y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX)
        let y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
}
