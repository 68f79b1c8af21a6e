// Printing: writing characters at the cursor with auto-wrap, insert mode, character sets, wide characters
// and combining marks. `printASCII` is the hot path: a run of plain ASCII in the default character set is
// copied into the row cell by cell without per-character checks beyond the row boundary.

extension Screen {
    /// Prints a run of printable ASCII.
    mutating func printASCIIRun(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        guard charsets.isPlainASCII && !modes.insertMode else {
            for b in bytes { printScalar(UInt32(b)) }
            return
        }
        let count = bytes.count
        var i = 0
        let style = pen
        while i < count {
            if pendingWrap { wrapForPrint() }
            let room = cols &- x
            let n = min(room, count &- i)
            grid.clearWideNeighbours(x: x, y: y, width: n)
            let base = grid.rowBase(y) &+ x
            grid.cells.withUnsafeMutableBufferPointer { cells in
                var k = 0
                while k < n {
                    cells[base &+ k] = Cell(content: UInt32(source[i &+ k]) | Cell.width1, style: style)
                    k &+= 1
                }
            }
            i &+= n
            if n == room {
                x = cols &- 1
                if modes.autowrap {
                    pendingWrap = true
                } else if i < count {
                    // Without auto-wrap the rest overwrites the last column; only the final byte stays.
                    grid.cells[grid.rowBase(y) &+ x] = Cell(
                        content: UInt32(source[count &- 1]) | Cell.width1, style: style)
                    i = count
                }
            } else {
                x &+= n
            }
        }
        lastPrinted = UInt32(source[count &- 1])
    }

    /// Wraps to the start of the next line before printing (pending wrap with DECAWM set).
    @inline(__always)
    mutating func wrapForPrint() {
        pendingWrap = false
        if modes.autowrap {
            grid.setWrapped(y, true)
            x = 0
            index()
        }
    }

    /// Prints one scalar (never a control character).
    mutating func printScalar(_ input: UInt32) {
        var value = input
        if value < 0x80 {
            value = charsets.map(value)
        }
        let w = CharacterWidth.width(of: value)
        if w == 0 {
            combine(value)
            return
        }
        if value >= 0x1F3FB && value <= 0x1F3FF, joinsPrevious() {
            // Emoji skin-tone modifier: part of the previous emoji.
            combine(value)
            return
        }
        if value != 0x200D, previousEndsWithZWJ() {
            combine(value)
            return
        }
        if pendingWrap { wrapForPrint() }
        if w == 2 && x == cols - 1 {
            if cols < 2 {
                // A wide character can never fit; show the replacement character instead.
                putCell(0xFFFD | Cell.width1, width: 1)
                return
            }
            if modes.autowrap {
                // The last column keeps whatever it held (as in tmux and libvterm).
                grid.setWrapped(y, true)
                x = 0
                index()
            } else {
                x = cols - 2
            }
        }
        putCell(value | UInt32(w) << Cell.widthShift, width: w)
        lastPrinted = value
    }

    /// Writes a cell (and its continuation) at the cursor and advances.
    @inline(__always)
    private mutating func putCell(_ content: UInt32, width w: Int) {
        if modes.insertMode {
            grid.insertCells(x: x, y: y, count: w, blank: blank)
        }
        grid.clearWideNeighbours(x: x, y: y, width: w)
        let base = grid.rowBase(y)
        grid.cells[base + x] = Cell(content: content, style: pen)
        if w == 2 {
            // The right half keeps the colours the cell had (libvterm does the same); renderers draw both
            // halves with the left half's style.
            grid.cells[base + x + 1].content = 0
        }
        if x + w >= cols {
            // At the right margin the cursor stays on the character it just printed (for a wide character,
            // on its first column, as libvterm does) and the next printable character wraps.
            pendingWrap = modes.autowrap
        } else {
            x += w
        }
    }

    /// Position of the character the next combining mark attaches to, if any.
    private func previousCellPosition() -> (x: Int, y: Int)? {
        var px: Int
        if pendingWrap {
            px = x
        } else if x > 0 {
            px = x - 1
        } else {
            return nil
        }
        if grid[px, y].isWideContinuation && px > 0 { px -= 1 }
        return (px, y)
    }

    private func joinsPrevious() -> Bool {
        guard let p = previousCellPosition() else { return false }
        return grid[p.x, p.y].width == 2
    }

    private func previousEndsWithZWJ() -> Bool {
        guard let p = previousCellPosition() else { return false }
        let cell = grid[p.x, p.y]
        guard cell.isCluster else { return false }
        return grid.text(of: cell).unicodeScalars.last?.value == 0x200D
    }

    /// Appends a zero-width scalar to the previous character's cell.
    mutating func combine(_ value: UInt32) {
        guard let p = previousCellPosition(), let scalar = Unicode.Scalar(value) else { return }
        let cell = grid[p.x, p.y]
        if cell.isWideContinuation { return }
        var text = cell.isEmpty ? " " : grid.text(of: cell)
        guard text.utf8.count + 4 <= Grid.maxClusterBytes else { return }
        text.unicodeScalars.append(scalar)
        let width = UInt32(max(1, cell.width))
        var updated = cell
        updated.content = grid.internCluster(text) | width << Cell.widthShift
        grid[p.x, p.y] = updated
    }

    /// REP: prints the last graphic character `count` more times (at most a screenful).
    mutating func repeatLast(_ count: Int) {
        guard lastPrinted != 0 else { return }
        let n = min(count, cols * rows)
        let value = lastPrinted
        if value >= 0x20 && value < 0x7F && charsets.isPlainASCII && !modes.insertMode {
            var buffer = [UInt8](repeating: UInt8(value), count: n)
            buffer.withUnsafeMutableBufferPointer { printASCIIRun(UnsafeBufferPointer($0)) }
        } else {
            // lastPrinted is already mapped through the character set; print it as is.
            let saved = charsets
            charsets = CharsetState()
            for _ in 0..<n { printScalar(value) }
            charsets = saved
        }
    }
}
