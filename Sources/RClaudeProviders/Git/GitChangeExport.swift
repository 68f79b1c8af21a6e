/// What `GitChangeExporter.exportBundle` produced.
public enum GitChangeExport: Sendable, Equatable {
    /// The agent changed nothing: no commits and no uncommitted or untracked files. No bundle
    /// was written.
    case noChanges(baseCommit: String)
    /// The agent's work is in the bundle.
    case exported(GitExportedChanges)
}
