// Control sequences (CSI): cursor movement, erasing, editing, scrolling, tabs, margins, queries.

extension Screen {
    /// Dispatches `CSI marker params intermediates final`.
    mutating func csi(_ p: VTParams, _ intermediates: VTIntermediates, final: UInt8) {
        let marker = intermediates.privateMarker
        if intermediates.count > 0 {
            csiWithIntermediate(p, intermediates, final: final)
            return
        }
        if marker != 0 {
            csiPrivate(p, marker: marker, final: final)
            return
        }
        switch final {
        case UInt8(ascii: "@"): csiInsertCharacters(p.value(0, default: 1))
        case UInt8(ascii: "A"): csiCursorUp(p.value(0, default: 1))
        case UInt8(ascii: "B"), UInt8(ascii: "e"): csiCursorDown(p.value(0, default: 1))
        case UInt8(ascii: "C"), UInt8(ascii: "a"): csiCursorForward(p.value(0, default: 1))
        case UInt8(ascii: "D"): csiCursorBackward(p.value(0, default: 1))
        case UInt8(ascii: "E"):
            csiCursorDown(p.value(0, default: 1))
            x = 0
        case UInt8(ascii: "F"):
            csiCursorUp(p.value(0, default: 1))
            x = 0
        case UInt8(ascii: "G"), UInt8(ascii: "`"):
            x = min(p.value(0, default: 1), cols) - 1
            pendingWrap = false
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            moveTo(x: p.value(1, default: 1) - 1, y: p.value(0, default: 1) - 1)
        case UInt8(ascii: "I"): tabForward(p.value(0, default: 1))
        case UInt8(ascii: "J"): csiEraseInDisplay(p.valueOrZero(0, default: 0))
        case UInt8(ascii: "K"): csiEraseInLine(p.valueOrZero(0, default: 0))
        case UInt8(ascii: "L"): csiInsertLines(p.value(0, default: 1))
        case UInt8(ascii: "M"): csiDeleteLines(p.value(0, default: 1))
        case UInt8(ascii: "P"): csiDeleteCharacters(p.value(0, default: 1))
        case UInt8(ascii: "S"): scrollUp(p.value(0, default: 1))
        case UInt8(ascii: "T"):
            // With five parameters this is xterm's mouse highlight tracking, which is not supported.
            if p.count <= 1 { scrollDown(p.value(0, default: 1)) }
        case UInt8(ascii: "X"): csiEraseCharacters(p.value(0, default: 1))
        case UInt8(ascii: "Z"): tabBackward(p.value(0, default: 1))
        case UInt8(ascii: "b"): repeatLast(p.value(0, default: 1))
        case UInt8(ascii: "c"):
            if p.valueOrZero(0, default: 0) == 0 { reply("\u{1B}[?1;2c") }
        case UInt8(ascii: "d"):
            moveTo(x: x, y: p.value(0, default: 1) - 1)
        case UInt8(ascii: "g"): csiTabClear(p.valueOrZero(0, default: 0))
        case UInt8(ascii: "h"): setANSIModes(p, true)
        case UInt8(ascii: "l"): setANSIModes(p, false)
        case UInt8(ascii: "m"): csiSelectGraphicRendition(p)
        case UInt8(ascii: "n"): csiDeviceStatusReport(p.valueOrZero(0, default: 0), privateMarker: false)
        case UInt8(ascii: "r"): csiSetScrollRegion(p)
        case UInt8(ascii: "s"): escSaveCursor()
        case UInt8(ascii: "u"): escRestoreCursor()
        case UInt8(ascii: "t"): csiWindowOperation(p)
        default: break
        }
    }

    private mutating func csiPrivate(_ p: VTParams, marker: UInt8, final: UInt8) {
        switch (marker, final) {
        case (UInt8(ascii: "?"), UInt8(ascii: "h")): setPrivateModes(p, true)
        case (UInt8(ascii: "?"), UInt8(ascii: "l")): setPrivateModes(p, false)
        case (UInt8(ascii: "?"), UInt8(ascii: "J")): csiEraseInDisplay(p.valueOrZero(0, default: 0))
        case (UInt8(ascii: "?"), UInt8(ascii: "K")): csiEraseInLine(p.valueOrZero(0, default: 0))
        case (UInt8(ascii: "?"), UInt8(ascii: "n")):
            csiDeviceStatusReport(p.valueOrZero(0, default: 0), privateMarker: true)
        case (UInt8(ascii: ">"), UInt8(ascii: "c")):
            if p.valueOrZero(0, default: 0) == 0 { reply("\u{1B}[>0;100;0c") }
        default:
            break
        }
    }

    private mutating func csiWithIntermediate(_ p: VTParams, _ intermediates: VTIntermediates, final: UInt8) {
        let marker = intermediates.privateMarker
        switch (marker, intermediates.first, final) {
        case (0, UInt8(ascii: " "), UInt8(ascii: "q")):
            // DECSCUSR
            modes.cursorShape = CursorShape(rawValue: p.valueOrZero(0, default: 0)) ?? .default
        case (0, UInt8(ascii: "!"), UInt8(ascii: "p")):
            csiSoftReset()
        case (UInt8(ascii: "?"), UInt8(ascii: "$"), UInt8(ascii: "p")):
            reportPrivateMode(p.valueOrZero(0, default: 0))
        case (0, UInt8(ascii: "$"), UInt8(ascii: "p")):
            reportANSIMode(p.valueOrZero(0, default: 0))
        default:
            break
        }
    }

    // MARK: - Cursor

    /// CUU: up, stopping at the top margin when starting inside the region.
    mutating func csiCursorUp(_ n: Int) {
        let limit = y >= top ? top : 0
        y = max(limit, y - n)
        pendingWrap = false
    }

    /// CUD: down, stopping at the bottom margin when starting inside the region.
    mutating func csiCursorDown(_ n: Int) {
        let limit = y <= bottom ? bottom : rows - 1
        y = min(limit, y + n)
        pendingWrap = false
    }

    /// CUF: right, stopping at the last column.
    mutating func csiCursorForward(_ n: Int) {
        x = min(cols - 1, x + n)
        pendingWrap = false
    }

    /// CUB: left, stopping at column 0.
    mutating func csiCursorBackward(_ n: Int) {
        x = max(0, x - n)
        pendingWrap = false
    }

    // MARK: - Erasing

    /// ED: 0 cursor to end, 1 start to cursor, 2 whole screen, 3 scrollback. Erasing keeps a pending wrap
    /// (as tmux and libvterm do), so text printed next still starts on the next line.
    mutating func csiEraseInDisplay(_ mode: Int) {
        let cell = blank
        switch mode {
        case 0:
            grid.erase(y: y, from: x, to: cols, blank: cell)
            grid.setWrapped(y, false)
            for row in (y + 1)..<max(y + 1, rows) {
                grid.erase(y: row, from: 0, to: cols, blank: cell)
                grid.setWrapped(row, false)
            }
        case 1:
            for row in 0..<y {
                grid.erase(y: row, from: 0, to: cols, blank: cell)
                grid.setWrapped(row, false)
            }
            grid.erase(y: y, from: 0, to: x + 1, blank: cell)
        case 2:
            for row in 0..<rows {
                grid.erase(y: row, from: 0, to: cols, blank: cell)
                grid.setWrapped(row, false)
            }
        case 3:
            scrollback.removeAll()
        default:
            return
        }
    }

    /// EL: 0 cursor to end of line, 1 start of line to cursor, 2 whole line.
    mutating func csiEraseInLine(_ mode: Int) {
        switch mode {
        case 0:
            grid.erase(y: y, from: x, to: cols, blank: blank)
            grid.setWrapped(y, false)
        case 1:
            grid.erase(y: y, from: 0, to: x + 1, blank: blank)
        case 2:
            grid.erase(y: y, from: 0, to: cols, blank: blank)
            grid.setWrapped(y, false)
        default:
            return
        }
    }

    /// ECH: blanks `n` cells from the cursor without moving it.
    mutating func csiEraseCharacters(_ n: Int) {
        grid.erase(y: y, from: x, to: x + min(n, cols), blank: blank)
    }

    // MARK: - Editing

    /// ICH: inserts `n` blank cells at the cursor (a pending wrap stays pending, as in tmux and libvterm).
    mutating func csiInsertCharacters(_ n: Int) {
        grid.insertCells(x: x, y: y, count: n, blank: blank)
    }

    /// DCH: deletes `n` cells at the cursor.
    mutating func csiDeleteCharacters(_ n: Int) {
        grid.deleteCells(x: x, y: y, count: n, blank: blank)
    }

    /// IL: inserts `n` blank lines at the cursor row, inside the scroll region. The cursor (and a pending
    /// wrap) stay, as in tmux and libvterm.
    mutating func csiInsertLines(_ n: Int) {
        guard y >= top && y <= bottom else { return }
        grid.scrollDown(top: y, bottom: bottom, count: n, blank: blank)
    }

    /// DL: deletes `n` lines at the cursor row, inside the scroll region.
    mutating func csiDeleteLines(_ n: Int) {
        guard y >= top && y <= bottom else { return }
        grid.scrollUp(top: y, bottom: bottom, count: n, blank: blank)
    }

    // MARK: - Tabs and margins

    /// TBC: 0 clears the stop at the cursor, 3 clears all stops.
    mutating func csiTabClear(_ mode: Int) {
        switch mode {
        case 0: tabStops[x] = false
        case 3: tabStops = [Bool](repeating: false, count: cols)
        default: break
        }
    }

    /// DECSTBM: sets the scroll region and homes the cursor.
    mutating func csiSetScrollRegion(_ p: VTParams) {
        let newTop = p.value(0, default: 1) - 1
        let newBottom = min(p.value(1, default: rows), rows) - 1
        guard newTop < newBottom else { return }
        top = newTop
        bottom = newBottom
        moveTo(x: 0, y: 0)
    }

    /// DECSTR: soft terminal reset.
    mutating func csiSoftReset() {
        modes.cursorVisible = true
        modes.insertMode = false
        modes.originMode = false
        modes.autowrap = true
        modes.applicationKeypad = false
        modes.applicationCursorKeys = false
        top = 0
        bottom = rows - 1
        charsets = CharsetState()
        pen = .default
        if isAlternate {
            savedAlternate = SavedCursor()
        } else {
            savedPrimary = SavedCursor()
        }
        pendingWrap = false
    }

    // MARK: - Reports

    /// DSR: 5 status, 6 cursor position (CPR).
    mutating func csiDeviceStatusReport(_ kind: Int, privateMarker: Bool) {
        switch kind {
        case 5:
            reply("\u{1B}[0n")
        case 6:
            let row = y - addressTop + 1
            let column = x + 1
            reply(privateMarker ? "\u{1B}[?\(row);\(column)R" : "\u{1B}[\(row);\(column)R")
        default:
            break
        }
    }

    /// xterm window operations: only the text-area size report (18) and the title stack (22/23) are
    /// supported. Title reports (20, 21) are never answered: the title is application-controlled text.
    mutating func csiWindowOperation(_ p: VTParams) {
        switch p.valueOrZero(0, default: 0) {
        case 18:
            reply("\u{1B}[8;\(rows);\(cols)t")
        case 22:
            if titleStack.count >= Screen.maxTitleStack { titleStack.removeFirst() }
            titleStack.append((title, iconName))
        case 23:
            if let entry = titleStack.popLast() {
                let which = p.valueOrZero(1, default: 0)
                if which == 0 || which == 2 { setTitle(entry.title) }
                if which == 0 || which == 1 { iconName = entry.icon }
            }
        default:
            break
        }
    }
}
