/// A workspace made by `GitWorkspaceSeeder`: a repository checked out on the task's branch.
public struct SeededWorkspace: Sendable, Equatable, Codable {
    /// The workspace directory.
    public var path: String
    /// The branch checked out (`rclaude/<id>`).
    public var branch: String
    /// The full sha of the base commit the branch starts at (also kept as `refs/rclaude/base`).
    public var baseCommit: String

    /// Creates a description of a seeded workspace.
    public init(path: String, branch: String, baseCommit: String) {
        self.path = path
        self.branch = branch
        self.baseCommit = baseCommit
    }
}
