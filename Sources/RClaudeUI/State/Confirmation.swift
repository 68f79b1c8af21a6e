import RClaudeCore

/// A question awaiting `y` or `n`.
public struct Confirmation: Sendable, Equatable {
    /// What happens on `y`.
    public enum Intent: Sendable, Equatable {
        /// Cancel the task.
        case cancel(TaskID)
        /// Delete the task.
        case delete(TaskID)
        /// Quit while terminals are open.
        case quit
    }

    /// The question.
    public var message: String
    /// What happens on `y`.
    public var intent: Intent

    /// Creates a confirmation.
    public init(message: String, intent: Intent) {
        self.message = message
        self.intent = intent
    }
}
