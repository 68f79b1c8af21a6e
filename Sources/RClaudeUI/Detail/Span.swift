/// A piece of a line drawn in one theme role.
public struct Span: Sendable, Equatable {
    /// The text (already sanitized).
    public var text: String
    /// How it is drawn.
    public var role: ThemeRole

    /// Creates a span.
    public init(_ text: String, _ role: ThemeRole) {
        self.text = text
        self.role = role
    }
}
