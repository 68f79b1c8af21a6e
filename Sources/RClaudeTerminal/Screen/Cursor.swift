// The cursor as the emulator reports it.

/// The cursor as the application left it.
public struct Cursor: Hashable, Sendable {
    /// Column, 0-based.
    public var x: Int
    /// Row, 0-based.
    public var y: Int
    /// Whether the application shows the cursor (DECTCEM).
    public var isVisible: Bool
    /// The requested shape.
    public var shape: CursorShape
    /// Whether a character was just printed in the last column and the next one will wrap first.
    public var pendingWrap: Bool

    /// Creates a cursor value.
    public init(x: Int, y: Int, isVisible: Bool = true, shape: CursorShape = .default, pendingWrap: Bool = false) {
        self.x = x
        self.y = y
        self.isVisible = isVisible
        self.shape = shape
        self.pendingWrap = pendingWrap
    }
}
