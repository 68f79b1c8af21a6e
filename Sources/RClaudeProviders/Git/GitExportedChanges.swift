/// A bundle of the agent's work: its commits plus, on top, a snapshot commit of what it left
/// uncommitted.
public struct GitExportedChanges: Sendable, Equatable, Codable {
    /// The bundle file.
    public var bundle: GitBundleFile
    /// The branch the bundle carries (`rclaude/<id>`, as `refs/heads/rclaude/<id>`).
    public var branch: String
    /// The base commit, the bundle's only prerequisite.
    public var baseCommit: String
    /// The branch's tip: the snapshot commit, or the agent's last commit.
    public var head: String
    /// Commits between the base and the tip, the snapshot included.
    public var commitCount: Int
    /// The snapshot commit of uncommitted and untracked files, if there were any.
    public var snapshotCommit: String?
    /// What changed between the base and the tip.
    public var changes: GitChangeSummary

    /// Creates a description of an export.
    public init(
        bundle: GitBundleFile, branch: String, baseCommit: String, head: String, commitCount: Int,
        snapshotCommit: String?,
        changes: GitChangeSummary
    ) {
        self.bundle = bundle
        self.branch = branch
        self.baseCommit = baseCommit
        self.head = head
        self.commitCount = commitCount
        self.snapshotCommit = snapshotCommit
        self.changes = changes
    }
}
