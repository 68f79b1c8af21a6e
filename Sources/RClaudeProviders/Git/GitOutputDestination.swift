/// Where `GitRunner` puts a command's stdout.
public enum GitOutputDestination: Sendable, Equatable {
    /// Collect it in `GitResult.stdout`.
    case capture
    /// Stream it into a file (created or truncated), for outputs too big to hold in memory.
    case file(String)
    /// Throw it away.
    case discard
}
