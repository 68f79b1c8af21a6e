// Resizing. The primary screen reflows as tmux does: rows joined by soft wraps form logical lines, which
// are wrapped again at the new width, and the cursor keeps its place in its logical line. Rows that no
// longer fit go to scrollback; growing pulls rows back from it. Blank rows below the cursor are dropped
// first when the screen gets shorter. The alternate screen is only cropped or padded (full-screen programs
// redraw on SIGWINCH). Lines are moved around in their compact encoded form, so reflowing 10,000 lines of
// scrollback never holds more than one decoded line besides the screen.

extension Screen {
    /// Resizes to `newCols` × `newRows` (each at least 1).
    mutating func resize(cols newCols: Int, rows newRows: Int) {
        let c = max(1, newCols)
        let r = max(1, newRows)
        guard c != cols || r != rows else { return }
        if isAlternate {
            grid = Screen.cropped(grid, cols: c, rows: r)
            var cursor = (x: savedPrimary.x, y: savedPrimary.y)
            otherGrid = reflowPrimary(otherGrid, cursor: &cursor, cols: c, rows: r)
            savedPrimary.x = cursor.x
            savedPrimary.y = cursor.y
            savedPrimary.pendingWrap = false
            x = min(x, c - 1)
            y = min(y, r - 1)
        } else {
            var cursor = (x: x, y: y)
            grid = reflowPrimary(grid, cursor: &cursor, cols: c, rows: r)
            otherGrid = Screen.cropped(otherGrid, cols: c, rows: r)
            x = cursor.x
            y = cursor.y
            savedPrimary.x = min(savedPrimary.x, c - 1)
            savedPrimary.y = min(savedPrimary.y, r - 1)
        }
        savedAlternate.x = min(savedAlternate.x, c - 1)
        savedAlternate.y = min(savedAlternate.y, r - 1)
        if c > cols {
            tabStops += (cols..<c).map { $0 % 8 == 0 }
        } else {
            tabStops = Array(tabStops.prefix(c))
        }
        cols = c
        rows = r
        top = 0
        bottom = r - 1
        pendingWrap = false
    }

    /// A copy of `grid` cut or padded to the new size, without reflow.
    static func cropped(_ grid: Grid, cols: Int, rows: Int) -> Grid {
        var result = Grid(width: cols, height: rows)
        for row in 0..<min(rows, grid.height) {
            let line = LineCells(cells: Array(grid.row(row)), clusters: grid.clusters)
            result.setRow(row, line, wrapped: false)
        }
        return result
    }

    /// Reflows the primary grid plus scrollback to the new width, fitting the result to the new height.
    private mutating func reflowPrimary(
        _ old: Grid, cursor: inout (x: Int, y: Int), cols newCols: Int, rows newRows: Int
    ) -> Grid {
        let widthChanged = newCols != old.width
        // Width unchanged: only the newest lines can come back into view.
        let pull = widthChanged ? scrollback.count : min(scrollback.count, newRows)
        var pulled: [ScrollbackLine] = []
        for _ in 0..<pull {
            if let line = scrollback.popNewest() { pulled.append(line) }
        }
        pulled.reverse()

        var builder = ReflowBuilder(cols: newCols, scratch: scrollback.scratch)
        for line in pulled {
            builder.add(LineCodec.decode(line.bytes), wrapped: line.wrapped, cursorX: nil)
        }
        pulled = []
        for row in 0..<old.height {
            let line = LineCells(cells: Array(old.row(row)), clusters: old.clusters)
            builder.add(line, wrapped: old.isWrapped(row), cursorX: row == cursor.y ? cursor.x : nil)
        }
        builder.finish()
        scrollback.scratch = builder.scratch

        let out = builder.rows
        let cursorRow = builder.cursorRow ?? max(0, out.count - 1)
        var lastUsed = -1
        for i in stride(from: out.count - 1, through: 0, by: -1) where !out[i].bytes.isEmpty {
            lastUsed = i
            break
        }
        let keepEnd = max(cursorRow + 1, lastUsed + 1)
        let start = min(max(0, keepEnd - newRows), cursorRow)
        for i in 0..<start {
            scrollback.push(out[i])
        }
        var result = Grid(width: newCols, height: newRows)
        var row = 0
        var i = start
        while row < newRows && i < out.count {
            result.setRow(row, LineCodec.decode(out[i].bytes), wrapped: out[i].wrapped)
            row += 1
            i += 1
        }
        cursor = (min(builder.cursorColumn, newCols - 1), cursorRow - start)
        return result
    }
}

/// Joins rows into logical lines and wraps them again at a new width, producing encoded rows.
struct ReflowBuilder {
    let cols: Int
    var scratch: [UInt8]
    private(set) var rows: [ScrollbackLine] = []
    private(set) var cursorRow: Int?
    private(set) var cursorColumn = 0
    private var cells: [Cell] = []
    private var clusters: [String] = []
    private var cursorOffset: Int?

    init(cols: Int, scratch: [UInt8]) {
        self.cols = cols
        self.scratch = scratch
    }

    /// Adds one source row; `wrapped` rows continue into the next one.
    mutating func add(_ line: LineCells, wrapped: Bool, cursorX: Int?) {
        var used = line.cells.count
        // Trailing empty default cells carry no content (padding, or the unused end of a line).
        while used > 0 {
            let c = line.cells[used - 1]
            if c.content != Cell.width1 || !c.style.isDefault { break }
            used -= 1
        }
        if let cursorX {
            cursorOffset = cells.count + cursorX
        }
        for i in 0..<used {
            var cell = line.cells[i]
            if cell.isCluster {
                let index = Int(cell.value)
                clusters.append(index < line.clusters.count ? line.clusters[index] : " ")
                cell.content = (cell.content & ~Cell.valueMask) | UInt32(clusters.count - 1)
            }
            cells.append(cell)
        }
        if !wrapped { flush() }
    }

    /// Ends the last logical line.
    mutating func finish() {
        if !cells.isEmpty || cursorOffset != nil { flush() }
    }

    private mutating func flush() {
        var row: [Cell] = []
        row.reserveCapacity(cols)
        var i = 0
        while i < cells.count {
            var cell = cells[i]
            var w = 1
            if cell.width == 2 {
                if i + 1 < cells.count && cells[i + 1].isWideContinuation && cols >= 2 {
                    w = 2
                } else {
                    cell.content = 0xFFFD | Cell.width1
                }
            } else if cell.isWideContinuation {
                cell.content = Cell.width1
            }
            if row.count + w > cols {
                emit(row, wrapped: true)
                row.removeAll(keepingCapacity: true)
            }
            if let offset = cursorOffset, offset >= i, offset < i + w {
                cursorRow = rows.count
                cursorColumn = row.count + (offset - i)
            }
            row.append(cell)
            if w == 2 { row.append(cells[i + 1]) }
            i += w
        }
        if let offset = cursorOffset, offset >= cells.count {
            cursorRow = rows.count
            cursorColumn = min(row.count + (offset - cells.count), cols - 1)
        }
        emit(row, wrapped: false)
        cells.removeAll(keepingCapacity: true)
        clusters.removeAll(keepingCapacity: true)
        cursorOffset = nil
    }

    private mutating func emit(_ row: [Cell], wrapped: Bool) {
        let bytes = row.withUnsafeBufferPointer { LineCodec.encode($0, clusters: clusters, scratch: &scratch) }
        rows.append(ScrollbackLine(bytes: bytes, wrapped: wrapped))
    }
}

extension Grid {
    /// Replaces row `y` with decoded cells (cut or padded to the width), interning their clusters here.
    mutating func setRow(_ y: Int, _ line: LineCells, wrapped isWrapped: Bool) {
        guard y >= 0, y < height else { return }
        let base = rowMap[y] * width
        let n = min(width, line.cells.count)
        for x in 0..<width {
            if x < n {
                var cell = line.cells[x]
                if cell.isCluster {
                    let index = Int(cell.value)
                    let text = index < line.clusters.count ? line.clusters[index] : " "
                    cell.content = internCluster(text) | (cell.content & ~(Cell.valueMask | Cell.clusterFlag))
                }
                cells[base + x] = cell
            } else {
                cells[base + x] = .blank
            }
        }
        // A wide character cut at the right edge loses its left half too.
        if n == width, width > 0, cells[base + width - 1].width == 2 {
            cells[base + width - 1].content = Cell.width1
        }
        if n > 0, cells[base].isWideContinuation {
            cells[base].content = Cell.width1
        }
        wrapped[rowMap[y]] = isWrapped
    }
}
