/// A branch `GitChangeImporter` created from a bundle.
public struct PulledBranch: Sendable, Equatable, Codable {
    /// The new branch's name.
    public var branch: String
    /// Its tip.
    public var head: String
    /// The commits it was built on (the bundle's prerequisites: the task's base commit).
    public var baseCommits: [String]
    /// Commits on the branch that are not in its base.
    public var commitCount: Int

    /// Creates a description of a pulled branch.
    public init(branch: String, head: String, baseCommits: [String], commitCount: Int) {
        self.branch = branch
        self.head = head
        self.baseCommits = baseCommits
        self.commitCount = commitCount
    }
}
