/// Where a task's files live.
public enum WorkspaceSpec: Sendable, Codable, Equatable {
    /// A fresh directory that rclaude creates for the task.
    case managed
    /// An existing directory the user named (`--workspace DIR`).
    case directory(path: String)
    /// A git worktree of a repository on a new branch `rclaude/<id>` (`--repo PATH`).
    case gitWorktree(repository: String)
}
