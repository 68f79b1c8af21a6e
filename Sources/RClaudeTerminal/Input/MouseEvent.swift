// Mouse events in pane cell coordinates, before `KeyEncoder` encodes them for the application.

/// A mouse button.
public enum MouseButton: Hashable, Sendable {
    /// Primary button.
    case left
    /// Middle button.
    case middle
    /// Secondary button.
    case right
    /// No button (motion without a button held).
    case none
}

/// A mouse event in the pane's cell coordinates.
public struct MouseEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// A button went down.
        case press
        /// A button went up.
        case release
        /// The pointer moved (with `button` held, or `.none`).
        case motion
        /// The wheel turned up.
        case scrollUp
        /// The wheel turned down.
        case scrollDown
    }

    /// What happened.
    public var kind: Kind
    /// The button involved.
    public var button: MouseButton
    /// Column, 0-based, inside the pane.
    public var x: Int
    /// Row, 0-based, inside the pane.
    public var y: Int
    /// Modifiers held.
    public var modifiers: KeyModifiers

    /// Creates a mouse event.
    public init(_ kind: Kind, button: MouseButton = .left, x: Int, y: Int, modifiers: KeyModifiers = []) {
        self.kind = kind
        self.button = button
        self.x = x
        self.y = y
        self.modifiers = modifiers
    }
}
