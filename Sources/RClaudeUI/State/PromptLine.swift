/// A one-line input in the bottom bar: `/` filter or search, `:` command.
public struct PromptLine: Sendable, Equatable {
    /// What the line is for.
    public enum Kind: Sendable, Equatable {
        /// Filter the dashboard.
        case filter
        /// Search the detail, terminal or preview.
        case search(PaneID)
        /// A command (`:q`, `:theme light`…).
        case command
    }

    /// What the line is for.
    public var kind: Kind
    /// The text being typed.
    public var field: TextField

    /// Creates a prompt line.
    public init(kind: Kind, field: TextField) {
        self.kind = kind
        self.field = field
    }

    /// The prefix shown before the text.
    public var prefix: String {
        switch kind {
        case .filter: return "filter: "
        case .search: return "/"
        case .command: return ":"
        }
    }
}
