// The modes an application can switch, as the emulator tracks them. The TUI reads them to encode keys,
// mouse and focus events, and paste (`KeyEncoder`), and to hold redraws during synchronized output.

/// Which mouse events the application asked for (DECSET 9, 1000, 1002, 1003).
public enum MouseTracking: Sendable, Hashable {
    /// No mouse reporting.
    case none
    /// Button presses only (X10, mode 9).
    case x10
    /// Presses and releases (mode 1000).
    case normal
    /// Presses, releases and motion while a button is held (mode 1002).
    case buttonEvent
    /// Presses, releases and all motion (mode 1003).
    case anyEvent
}

/// How mouse reports are encoded (DECSET 1005, 1006, 1015).
public enum MouseEncoding: Sendable, Hashable {
    /// `CSI M` with bytes offset by 32 (the default; coordinates up to 223).
    case x10
    /// `CSI M` with UTF-8 encoded coordinates (mode 1005).
    case utf8
    /// `CSI < b ; x ; y M/m` (mode 1006).
    case sgr
    /// `CSI b ; x ; y M` (mode 1015).
    case urxvt
}

/// The cursor shape requested with DECSCUSR (`CSI Ps SP q`).
public enum CursorShape: Int, Sendable, Hashable {
    /// The user's default shape (Ps 0).
    case `default` = 0
    /// Blinking block (Ps 1).
    case blinkingBlock = 1
    /// Steady block (Ps 2).
    case steadyBlock = 2
    /// Blinking underline (Ps 3).
    case blinkingUnderline = 3
    /// Steady underline (Ps 4).
    case steadyUnderline = 4
    /// Blinking bar (Ps 5).
    case blinkingBar = 5
    /// Steady bar (Ps 6).
    case steadyBar = 6
}

/// The terminal modes the application has set.
public struct TerminalModes: Hashable, Sendable {
    /// DECCKM (DECSET 1): cursor keys send `SS3 A` instead of `CSI A`.
    public var applicationCursorKeys = false
    /// DECKPAM / DECNKM (DECSET 66): the keypad sends application sequences.
    public var applicationKeypad = false
    /// DECAWM (DECSET 7): printing past the right margin wraps to the next line.
    public var autowrap = true
    /// DECOM (DECSET 6): cursor addressing is relative to the scroll region.
    public var originMode = false
    /// IRM (SM 4): printing inserts instead of overwriting.
    public var insertMode = false
    /// LNM (SM 20): line feed also returns the carriage, and Enter sends CR LF.
    public var newlineMode = false
    /// DECTCEM (DECSET 25): the cursor is shown.
    public var cursorVisible = true
    /// DECSET 12: the cursor blinks.
    public var cursorBlink = false
    /// DECSCNM (DECSET 5): the whole screen is shown in reverse video.
    public var reverseVideo = false
    /// DECSET 2004: pasted text is wrapped in `CSI 200 ~` … `CSI 201 ~`.
    public var bracketedPaste = false
    /// Mouse reporting (DECSET 9, 1000, 1002, 1003).
    public var mouseTracking: MouseTracking = .none
    /// Mouse report encoding (DECSET 1005, 1006, 1015).
    public var mouseEncoding: MouseEncoding = .x10
    /// DECSET 1004: focus changes are reported as `CSI I` / `CSI O`.
    public var focusEvents = false
    /// DECSET 2026: the application is in the middle of a frame; hold redraws until it ends.
    public var synchronizedOutput = false
    /// DECSET 1007: the mouse wheel sends cursor keys on the alternate screen.
    public var alternateScroll = false
    /// The cursor shape (DECSCUSR).
    public var cursorShape: CursorShape = .default

    /// The modes of a freshly reset terminal.
    public init() {}
}
