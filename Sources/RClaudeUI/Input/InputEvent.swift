import RClaudeTerminal

/// Something the user did, as the backend decoded it from the real terminal.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(KeyEvent)
    /// A mouse event, in screen cell coordinates.
    case mouse(MouseEvent)
    /// Pasted text (bracketed paste).
    case paste(String)
    /// The window changed size.
    case resize(Size)
}
