// A rectangle of cells: the emulator's visible screen, and the canvas the TUI draws into.
//
// Storage is one flat array of `Cell`s, `height` rows of `width` cells, plus `rowMap`, which maps each
// visible row to a physical row of that array. Scrolling a region only rotates `rowMap` and blanks the rows
// that came in, so a line feed at the bottom of the screen costs O(height) integer moves, not a copy of the
// screen. `wrapped` (indexed by physical row) records that a row's text continues on the next row because
// the cursor auto-wrapped (a soft wrap), which resize uses to reflow. Characters made of several scalars
// live in `clusters`; cells refer to them by index, and the table is compacted when it outgrows the grid.

/// A width × height rectangle of `Cell`s, addressed as `grid[x, y]` with (0, 0) at the top left.
///
/// Reads outside the grid return `Cell.blank` and writes outside it are ignored, so drawing code never
/// traps on a small or zero-sized grid.
public struct Grid: Sendable {
    /// Number of columns.
    public private(set) var width: Int
    /// Number of rows.
    public private(set) var height: Int
    @usableFromInline var cells: [Cell]
    @usableFromInline var rowMap: [Int]
    @usableFromInline var wrapped: [Bool]
    @usableFromInline var clusters: [String]

    /// Longest cluster kept in one cell, in UTF-8 bytes; further combining marks are dropped.
    static let maxClusterBytes = 128

    /// Creates a grid of blank cells.
    /// - Parameters:
    ///   - width: Columns (negative values become 0).
    ///   - height: Rows (negative values become 0).
    ///   - fill: The cell every position starts with.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: fill, count: self.width * self.height)
        self.rowMap = Array(0..<self.height)
        self.wrapped = [Bool](repeating: false, count: self.height)
        self.clusters = []
    }

    /// The area of the whole grid.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    // MARK: - Cell access

    /// The cell at column `x`, row `y`; `Cell.blank` outside the grid. Writes outside the grid are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[rowMap[y] * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            var cell = newValue
            if cell.isCluster && cell.value >= clusters.count {
                cell.content = Cell.width1
            }
            cells[rowMap[y] * width + x] = cell
        }
    }

    /// The text of one cell: its character with combining marks, a space for an empty cell, and the empty
    /// string for the right half of a wide character.
    /// - Parameters:
    ///   - x: Column.
    ///   - y: Row.
    /// - Returns: The cell's text.
    public func text(x: Int, y: Int) -> String {
        text(of: self[x, y])
    }

    /// The text of a cell read from this grid (see `text(x:y:)`).
    /// - Parameter cell: A cell of this grid.
    /// - Returns: The cell's text.
    public func text(of cell: Cell) -> String {
        if cell.isWideContinuation { return "" }
        if cell.isCluster {
            let index = Int(cell.value)
            return index < clusters.count ? clusters[index] : " "
        }
        let value = cell.value
        if value == 0 { return " " }
        return Unicode.Scalar(value).map { String(Character($0)) } ?? "\u{FFFD}"
    }

    /// Row `y` as text, with trailing spaces removed; wide characters appear once.
    /// - Parameter y: Row.
    /// - Returns: The row's text.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var scalars = String.UnicodeScalarView()
        let base = rowMap[y] * width
        var pending: [Unicode.Scalar] = []
        for x in 0..<width {
            let cell = cells[base + x]
            if cell.isWideContinuation { continue }
            if cell.isEmpty {
                pending.append(" ")
                continue
            }
            if cell.isCluster {
                let index = Int(cell.value)
                let text = index < clusters.count ? clusters[index] : " "
                scalars.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                scalars.append(contentsOf: text.unicodeScalars)
            } else {
                scalars.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                scalars.append(Unicode.Scalar(cell.value) ?? "\u{FFFD}")
            }
        }
        var result = String(scalars)
        while result.last == " " { result.removeLast() }
        return result
    }

    /// Every row as text, trailing spaces trimmed (see `line(_:)`).
    public var lines: [String] {
        (0..<height).map { line($0) }
    }

    /// Whether row `y` continues on row `y + 1` because text auto-wrapped there (a soft wrap).
    /// - Parameter y: Row.
    /// - Returns: True for a soft-wrapped row.
    public func isWrapped(_ y: Int) -> Bool {
        guard y >= 0, y < height else { return false }
        return wrapped[rowMap[y]]
    }

    /// Marks row `y` as continuing on the next row (or not).
    /// - Parameters:
    ///   - y: Row.
    ///   - value: True for a soft wrap.
    public mutating func setWrapped(_ y: Int, _ value: Bool) {
        guard y >= 0, y < height else { return }
        wrapped[rowMap[y]] = value
    }

    // MARK: - Drawing

    /// Draws one character at (x, y), taking two cells if it is wide.
    ///
    /// A wide character that does not fit before the right edge is not drawn.
    /// - Parameters:
    ///   - character: The grapheme cluster to draw.
    ///   - x: Column.
    ///   - y: Row.
    ///   - style: Colours and attributes.
    /// - Returns: The number of columns used: 0, 1 or 2.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: CellStyle = .default) -> Int {
        guard x >= 0, y >= 0, x < width, y < height else { return 0 }
        let w = max(1, CharacterWidth.width(of: character))
        if w == 2 && x + 1 >= width { return 0 }
        let scalars = character.unicodeScalars
        var content: UInt32
        if scalars.count == 1, let first = scalars.first {
            content = first.value
        } else {
            content = internCluster(String(character))
        }
        content |= UInt32(w) << Cell.widthShift
        clearWideNeighbours(x: x, y: y, width: w)
        let base = rowMap[y] * width
        cells[base + x] = Cell(content: content, style: style)
        if w == 2 {
            cells[base + x + 1] = Cell(content: 0, style: style)
        }
        return w
    }

    /// Draws text on row `y` from column `x`, clipped at `maxX` (exclusive) or the right edge.
    /// - Parameters:
    ///   - text: The text; control characters are drawn as U+FFFD.
    ///   - x: First column.
    ///   - y: Row.
    ///   - style: Colours and attributes.
    ///   - maxX: Column to stop before; nil for the grid's width.
    /// - Returns: The column after the last character drawn.
    @discardableResult
    public mutating func write(
        _ text: some StringProtocol, x: Int, y: Int, style: CellStyle = .default, maxX: Int? = nil
    ) -> Int {
        let limit = min(maxX ?? width, width)
        var column = x
        for character in text {
            if column >= limit { break }
            var ch = character
            if let first = character.unicodeScalars.first,
                first.value < 0x20 || (first.value >= 0x7F && first.value < 0xA0)
            {
                ch = "\u{FFFD}"
            }
            let w = max(1, CharacterWidth.width(of: ch))
            if column + w > limit { break }
            column += put(ch, x: column, y: y, style: style)
        }
        return column
    }

    /// Sets every cell of `rect` (clipped to the grid) to `cell`.
    /// - Parameters:
    ///   - rect: The area.
    ///   - cell: The cell to copy; a cluster cell from another grid becomes blank.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let x0 = max(0, rect.x)
        let y0 = max(0, rect.y)
        let x1 = min(width, rect.x + rect.width)
        let y1 = min(height, rect.y + rect.height)
        guard x0 < x1, y0 < y1 else { return }
        var fillCell = cell
        if fillCell.isCluster { fillCell.content = Cell.width1 }
        for y in y0..<y1 {
            let base = rowMap[y] * width
            for x in x0..<x1 { cells[base + x] = fillCell }
        }
    }

    /// Blanks the whole grid and clears the soft-wrap marks.
    /// - Parameter style: Style of the blank cells (its background shows).
    public mutating func clear(style: CellStyle = .default) {
        let blank = Cell(blankWith: style)
        for i in cells.indices { cells[i] = blank }
        for i in wrapped.indices { wrapped[i] = false }
        clusters.removeAll()
    }

    // MARK: - Internal row operations

    /// Index of (0, y) in `cells`.
    @inline(__always)
    func rowBase(_ y: Int) -> Int { rowMap[y] &* width }

    /// Stores a cluster and returns its content value (flag + index, no width bits).
    mutating func internCluster(_ text: String) -> UInt32 {
        if clusters.count >= max(1024, 2 * width * height) {
            compactClusters()
        }
        clusters.append(text)
        return Cell.clusterFlag | UInt32(clusters.count - 1)
    }

    /// Drops cluster entries no cell refers to.
    mutating func compactClusters() {
        var remap = [Int: UInt32]()
        var fresh: [String] = []
        for i in cells.indices where cells[i].isCluster {
            let old = Int(cells[i].value)
            let newIndex: UInt32
            if let known = remap[old] {
                newIndex = known
            } else {
                newIndex = UInt32(fresh.count)
                fresh.append(old < clusters.count ? clusters[old] : " ")
                remap[old] = newIndex
            }
            cells[i].content = (cells[i].content & ~Cell.valueMask) | newIndex
        }
        clusters = fresh
    }

    /// Before writing a `w`-wide character at (x, y), blanks the halves of wide characters it would split.
    /// The orphaned half becomes a blank that keeps its own colours (as in libvterm).
    @inline(__always)
    mutating func clearWideNeighbours(x: Int, y: Int, width w: Int) {
        let base = rowMap[y] &* width
        if cells[base &+ x].isWideContinuation && x > 0 {
            cells[base &+ x &- 1].content = Cell.width1
        }
        let end = x &+ w
        if end < width && cells[base &+ end].isWideContinuation {
            cells[base &+ end].content = Cell.width1
        }
    }

    /// Blanks columns `from..<to` of row `y`, fixing wide characters cut at either end.
    mutating func erase(y: Int, from: Int, to: Int, blank: Cell) {
        let x0 = max(0, from)
        let x1 = min(width, to)
        guard x0 < x1 else { return }
        let base = rowMap[y] &* width
        if cells[base &+ x0].isWideContinuation && x0 > 0 {
            cells[base &+ x0 &- 1].content = Cell.width1
        }
        if x1 < width && cells[base &+ x1].isWideContinuation {
            cells[base &+ x1].content = Cell.width1
        }
        cells.withUnsafeMutableBufferPointer { p in
            var i = base &+ x0
            let end = base &+ x1
            while i < end {
                p[i] = blank
                i &+= 1
            }
        }
    }

    /// Scrolls rows `top...bottom` up by `count`; the rows that come in at the bottom are blank.
    mutating func scrollUp(top: Int, bottom: Int, count: Int, blank: Cell) {
        let span = bottom - top + 1
        let n = min(count, span)
        guard n > 0, span > 0 else { return }
        if n < span {
            rotateLeft(top: top, bottom: bottom, by: n)
        }
        for y in (bottom - n + 1)...bottom {
            erase(y: y, from: 0, to: width, blank: blank)
            wrapped[rowMap[y]] = false
        }
    }

    /// Scrolls rows `top...bottom` down by `count`; the rows that come in at the top are blank.
    mutating func scrollDown(top: Int, bottom: Int, count: Int, blank: Cell) {
        let span = bottom - top + 1
        let n = min(count, span)
        guard n > 0, span > 0 else { return }
        if n < span {
            rotateLeft(top: top, bottom: bottom, by: span - n)
        }
        for y in top..<(top + n) {
            erase(y: y, from: 0, to: width, blank: blank)
            wrapped[rowMap[y]] = false
        }
    }

    @inline(__always)
    private mutating func rotateLeft(top: Int, bottom: Int, by n: Int) {
        if n == 1 {
            let first = rowMap[top]
            var y = top
            while y < bottom {
                rowMap[y] = rowMap[y + 1]
                y += 1
            }
            rowMap[bottom] = first
            return
        }
        let slice = Array(rowMap[top...bottom])
        let span = slice.count
        for i in 0..<span {
            rowMap[top + i] = slice[(i + n) % span]
        }
    }

    /// Inserts `count` blank cells at (x, y), shifting the rest of the row right (ICH).
    mutating func insertCells(x: Int, y: Int, count: Int, blank: Cell) {
        guard x >= 0, x < width, count > 0 else { return }
        let n = min(count, width - x)
        let base = rowMap[y] &* width
        if cells[base + x].isWideContinuation && x > 0 {
            cells[base + x - 1].content = Cell.width1
            cells[base + x].content = Cell.width1
        }
        if n < width - x {
            // The character that ends up cut at the right edge.
            let last = base + width - n - 1
            if cells[last].width == 2 { cells[last].content = Cell.width1 }
            cells.withUnsafeMutableBufferPointer { p in
                guard let start = p.baseAddress else { return }
                (start + base + x + n).update(from: start + base + x, count: width - x - n)
            }
        }
        for i in x..<(x + n) { cells[base + i] = blank }
    }

    /// Deletes `count` cells at (x, y), shifting the rest of the row left and blanking the end (DCH).
    mutating func deleteCells(x: Int, y: Int, count: Int, blank: Cell) {
        guard x >= 0, x < width, count > 0 else { return }
        let n = min(count, width - x)
        let base = rowMap[y] &* width
        if cells[base + x].isWideContinuation && x > 0 {
            cells[base + x - 1].content = Cell.width1
        }
        if x + n < width && cells[base + x + n].isWideContinuation {
            cells[base + x + n].content = Cell.width1
        }
        if n < width - x {
            cells.withUnsafeMutableBufferPointer { p in
                guard let start = p.baseAddress else { return }
                (start + base + x).update(from: start + base + x + n, count: width - x - n)
            }
        }
        for i in (width - n)..<width { cells[base + i] = blank }
    }

    /// Copies row `y` into a fresh array of `width` cells (clusters still refer to this grid).
    func row(_ y: Int) -> ArraySlice<Cell> {
        let base = rowMap[y] * width
        return cells[base..<(base + width)]
    }
}

// MARK: - Equatable

extension Grid: Equatable {
    /// Grids are equal when they have the same size and the same visible cells, text and soft wraps.
    public static func == (lhs: Grid, rhs: Grid) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height else { return false }
        for y in 0..<lhs.height {
            if lhs.isWrapped(y) != rhs.isWrapped(y) { return false }
            for x in 0..<lhs.width {
                let a = lhs[x, y]
                let b = rhs[x, y]
                if a.isCluster || b.isCluster {
                    if a.style != b.style || a.width != b.width || lhs.text(of: a) != rhs.text(of: b) { return false }
                } else if a != b {
                    return false
                }
            }
        }
        return true
    }
}
