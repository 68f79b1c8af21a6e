// Input events as the TUI receives them from the user's terminal, before they are encoded for the
// application inside the pane.

/// Modifier keys held with a key or mouse event.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public let rawValue: UInt8

    /// Creates a set from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Shift.
    public static let shift = KeyModifiers(rawValue: 1)
    /// Alt (Option): sends an ESC prefix for characters.
    public static let alt = KeyModifiers(rawValue: 2)
    /// Control.
    public static let control = KeyModifiers(rawValue: 4)
    /// Meta (Super/Command), reported only in modified key sequences.
    public static let meta = KeyModifiers(rawValue: 8)

    /// The xterm modifier parameter: 1 + shift·1 + alt·2 + control·4 + meta·8.
    var xtermParameter: Int { 1 + Int(rawValue & 0x0F) }
}

/// A key on the keyboard.
public enum Key: Hashable, Sendable {
    /// A printable character (already shifted: pass "A", not "a" + shift).
    case character(Character)
    /// Return / Enter.
    case enter
    /// Tab (with shift: back-tab).
    case tab
    /// Backspace.
    case backspace
    /// Escape.
    case escape
    /// Cursor up.
    case up
    /// Cursor down.
    case down
    /// Cursor left.
    case left
    /// Cursor right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Insert.
    case insert
    /// Delete (forward).
    case delete
    /// A function key, F1…F20.
    case function(Int)
}

/// A key press with its modifiers.
public struct KeyEvent: Hashable, Sendable {
    /// The key.
    public var key: Key
    /// Modifiers held.
    public var modifiers: KeyModifiers

    /// Creates a key event.
    /// - Parameters:
    ///   - key: The key.
    ///   - modifiers: Modifiers held.
    public init(_ key: Key, modifiers: KeyModifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }
}
