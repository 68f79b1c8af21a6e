// SM/RM and DECSET/DECRST, the alternate screen, and DECRQM mode reports.

extension Screen {
    /// SM / RM: ANSI modes 4 (IRM) and 20 (LNM).
    mutating func setANSIModes(_ p: VTParams, _ on: Bool) {
        for i in 0..<p.count {
            switch p.valueOrZero(i, default: 0) {
            case 4: modes.insertMode = on
            case 20: modes.newlineMode = on
            default: break
            }
        }
    }

    /// DECSET / DECRST.
    mutating func setPrivateModes(_ p: VTParams, _ on: Bool) {
        for i in 0..<p.count {
            setPrivateMode(p.valueOrZero(i, default: 0), on)
        }
    }

    mutating func setPrivateMode(_ mode: Int, _ on: Bool) {
        switch mode {
        case 1: modes.applicationCursorKeys = on
        case 5: modes.reverseVideo = on
        case 6:
            modes.originMode = on
            moveTo(x: 0, y: 0)
        case 7:
            modes.autowrap = on
            if !on { pendingWrap = false }
        case 9: modes.mouseTracking = on ? .x10 : .none
        case 12: modes.cursorBlink = on
        case 25: modes.cursorVisible = on
        case 47: switchScreen(alternate: on, clearOnEnter: false, clearOnExit: false)
        case 66: modes.applicationKeypad = on
        case 1000: modes.mouseTracking = on ? .normal : .none
        case 1002: modes.mouseTracking = on ? .buttonEvent : .none
        case 1003: modes.mouseTracking = on ? .anyEvent : .none
        case 1004: modes.focusEvents = on
        case 1005: modes.mouseEncoding = on ? .utf8 : .x10
        case 1006: modes.mouseEncoding = on ? .sgr : .x10
        case 1007: modes.alternateScroll = on
        case 1015: modes.mouseEncoding = on ? .urxvt : .x10
        case 1047: switchScreen(alternate: on, clearOnEnter: false, clearOnExit: true)
        case 1048:
            if on { escSaveCursor() } else { escRestoreCursor() }
        case 1049:
            if on {
                escSaveCursor()
                switchScreen(alternate: true, clearOnEnter: true, clearOnExit: false)
            } else {
                // xterm restores the cursor even when the alternate screen was not active.
                switchScreen(alternate: false, clearOnEnter: false, clearOnExit: false)
                escRestoreCursor()
            }
        case 2004: modes.bracketedPaste = on
        case 2026: modes.synchronizedOutput = on
        default: break
        }
    }

    /// Switches between the primary and alternate grids. The cursor position carries over.
    mutating func switchScreen(alternate: Bool, clearOnEnter: Bool, clearOnExit: Bool) {
        guard alternate != isAlternate else { return }
        if !alternate && clearOnExit {
            grid.clear(style: CellStyle(fg: 0, bg: pen.bg, flags: 0, link: 0))
        }
        swap(&grid, &otherGrid)
        isAlternate = alternate
        if alternate && clearOnEnter {
            grid.clear(style: CellStyle(fg: 0, bg: pen.bg, flags: 0, link: 0))
        }
    }

    /// The DECRQM state of a private mode: 1 set, 2 reset, 0 unknown.
    func privateModeState(_ mode: Int) -> Int? {
        switch mode {
        case 1: return modes.applicationCursorKeys ? 1 : 2
        case 5: return modes.reverseVideo ? 1 : 2
        case 6: return modes.originMode ? 1 : 2
        case 7: return modes.autowrap ? 1 : 2
        case 9: return modes.mouseTracking == .x10 ? 1 : 2
        case 12: return modes.cursorBlink ? 1 : 2
        case 25: return modes.cursorVisible ? 1 : 2
        case 47, 1047, 1049: return isAlternate ? 1 : 2
        case 66: return modes.applicationKeypad ? 1 : 2
        case 1000: return modes.mouseTracking == .normal ? 1 : 2
        case 1002: return modes.mouseTracking == .buttonEvent ? 1 : 2
        case 1003: return modes.mouseTracking == .anyEvent ? 1 : 2
        case 1004: return modes.focusEvents ? 1 : 2
        case 1005: return modes.mouseEncoding == .utf8 ? 1 : 2
        case 1006: return modes.mouseEncoding == .sgr ? 1 : 2
        case 1007: return modes.alternateScroll ? 1 : 2
        case 1015: return modes.mouseEncoding == .urxvt ? 1 : 2
        case 2004: return modes.bracketedPaste ? 1 : 2
        case 2026: return modes.synchronizedOutput ? 1 : 2
        default: return nil
        }
    }

    /// DECRQM for a private mode: `CSI ? Ps ; Pm $ y`.
    mutating func reportPrivateMode(_ mode: Int) {
        reply("\u{1B}[?\(mode);\(privateModeState(mode) ?? 0)$y")
    }

    /// DECRQM for an ANSI mode: `CSI Ps ; Pm $ y`.
    mutating func reportANSIMode(_ mode: Int) {
        let state: Int
        switch mode {
        case 4: state = modes.insertMode ? 1 : 2
        case 20: state = modes.newlineMode ? 1 : 2
        default: state = 0
        }
        reply("\u{1B}[\(mode);\(state)$y")
    }
}
