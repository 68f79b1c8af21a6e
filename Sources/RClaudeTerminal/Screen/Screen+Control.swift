// C0 control characters and escape sequences (ESC 7, ESC 8, ESC D, ESC M, ESC c, charset designation…).

extension Screen {
    // MARK: - C0

    /// Executes a C0 control character.
    mutating func executeControl(_ control: UInt8) {
        switch control {
        case 0x07:
            output.bellCount += 1
        case 0x08:
            controlBackspace()
        case 0x09:
            controlTab()
        case 0x0A, 0x0B, 0x0C:
            lineFeed()
        case 0x0D:
            x = 0
            pendingWrap = false
        case 0x0E:
            charsets.gl = 1
        case 0x0F:
            charsets.gl = 0
        default:
            break
        }
    }

    /// BS: one column left, stopping at the left edge (from a pending wrap too, as on a VT100).
    mutating func controlBackspace() {
        pendingWrap = false
        if x > 0 { x -= 1 }
    }

    /// HT: to the next tab stop, or the last column.
    mutating func controlTab() {
        tabForward(1)
    }

    /// Moves to the `count`th next tab stop (CHT), stopping at the last column. A pending wrap stays
    /// pending when the cursor cannot move.
    mutating func tabForward(_ count: Int) {
        var remaining = count
        var column = x
        while remaining > 0 && column < cols - 1 {
            column += 1
            if tabStops[column] { remaining -= 1 }
        }
        if column != x {
            x = column
            pendingWrap = false
        }
    }

    /// Moves to the `count`th previous tab stop (CBT), stopping at column 0.
    mutating func tabBackward(_ count: Int) {
        var remaining = count
        var column = x
        while remaining > 0 && column > 0 {
            column -= 1
            if tabStops[column] { remaining -= 1 }
        }
        x = column
        pendingWrap = false
    }

    // MARK: - ESC

    /// Dispatches `ESC intermediates final`.
    mutating func escape(_ intermediates: VTIntermediates, final: UInt8) {
        if intermediates.count == 0 {
            switch final {
            case UInt8(ascii: "7"): escSaveCursor()
            case UInt8(ascii: "8"): escRestoreCursor()
            case UInt8(ascii: "D"):
                index()
                pendingWrap = false
            case UInt8(ascii: "E"):
                index()
                x = 0
                pendingWrap = false
            case UInt8(ascii: "H"):
                tabStops[x] = true
            case UInt8(ascii: "M"):
                reverseIndex()
                pendingWrap = false
            case UInt8(ascii: "N"): charsets.singleShift = 2
            case UInt8(ascii: "O"): charsets.singleShift = 3
            case UInt8(ascii: "c"): fullReset()
            case UInt8(ascii: "="): modes.applicationKeypad = true
            case UInt8(ascii: ">"): modes.applicationKeypad = false
            default: break
            }
            return
        }
        switch intermediates.first {
        case UInt8(ascii: "("): charsets.designate(0, Charset.designated(by: final))
        case UInt8(ascii: ")"), UInt8(ascii: "-"): charsets.designate(1, Charset.designated(by: final))
        case UInt8(ascii: "*"), UInt8(ascii: "."): charsets.designate(2, Charset.designated(by: final))
        case UInt8(ascii: "+"), UInt8(ascii: "/"): charsets.designate(3, Charset.designated(by: final))
        case UInt8(ascii: "#"):
            if final == UInt8(ascii: "8") { escScreenAlignment() }
        default:
            break
        }
    }

    /// DECSC: saves cursor position, pen, origin mode and character sets (a pending wrap is not restored).
    mutating func escSaveCursor() {
        let saved = SavedCursor(
            x: x, y: y, pendingWrap: pendingWrap, pen: pen, originMode: modes.originMode, charsets: charsets)
        if isAlternate {
            savedAlternate = saved
        } else {
            savedPrimary = saved
        }
    }

    /// DECRC: restores what DECSC saved (or the power-on state).
    mutating func escRestoreCursor() {
        let saved = isAlternate ? savedAlternate : savedPrimary
        x = min(saved.x, cols - 1)
        y = min(saved.y, rows - 1)
        pendingWrap = false
        pen = saved.pen
        modes.originMode = saved.originMode
        charsets = saved.charsets
    }

    /// DECALN: fills the screen with `E`, resets the margins and homes the cursor.
    mutating func escScreenAlignment() {
        top = 0
        bottom = rows - 1
        for row in 0..<rows {
            for column in 0..<cols {
                grid[column, row] = Cell(content: 0x45 | Cell.width1, style: .default)
            }
            grid.setWrapped(row, false)
        }
        x = 0
        y = 0
        pendingWrap = false
    }
}
