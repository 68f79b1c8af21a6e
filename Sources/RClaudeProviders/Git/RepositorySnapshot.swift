// What `GitRepositoryInspector` found in a repository before a run: where it is, which commit
// the task starts from, and what local work will *not* travel into the sandbox. Only committed
// history up to the base commit is carried.

/// A repository as found before a task starts from it.
public struct RepositorySnapshot: Sendable, Equatable, Codable {
    /// The top directory of the working tree.
    public var toplevel: String
    /// The base as the user gave it (`HEAD`, `main`, a tag or a sha).
    public var baseRef: String
    /// The full sha of the base commit.
    public var baseCommit: String
    /// The checked-out branch (`main`), or `nil` when HEAD is detached.
    public var currentBranch: String?
    /// Paths with changes not committed yet (staged or not).
    public var uncommitted: [String]
    /// Paths git does not track (and does not ignore).
    public var untracked: [String]

    /// Creates a snapshot.
    public init(
        toplevel: String, baseRef: String, baseCommit: String, currentBranch: String?, uncommitted: [String],
        untracked: [String]
    ) {
        self.toplevel = toplevel
        self.baseRef = baseRef
        self.baseCommit = baseCommit
        self.currentBranch = currentBranch
        self.uncommitted = uncommitted
        self.untracked = untracked
    }

    /// The first 7 characters of the base commit.
    public var shortBaseCommit: String { String(baseCommit.prefix(7)) }

    /// Whether there is local work that will not travel.
    public var hasUncarriedWork: Bool { !uncommitted.isEmpty || !untracked.isEmpty }

    /// One sentence on what is and is not carried, e.g. "3 uncommitted changes and 2 untracked
    /// files are not carried — commit them first to include them".
    public var carriedSummary: String {
        let base =
            baseRef == baseCommit || baseRef.hasPrefix(shortBaseCommit)
            ? shortBaseCommit : "\(baseRef) (\(shortBaseCommit))"
        var parts: [String] = []
        if !uncommitted.isEmpty {
            parts.append(Self.count(uncommitted.count, "uncommitted change", "uncommitted changes"))
        }
        if !untracked.isEmpty { parts.append(Self.count(untracked.count, "untracked file", "untracked files")) }
        guard !parts.isEmpty else { return "the committed history up to \(base) is carried; the working tree is clean" }
        let total = uncommitted.count + untracked.count
        let verb = total == 1 ? "is" : "are"
        let pronoun = total == 1 ? "it" : "them"
        return
            "\(parts.joined(separator: " and ")) \(verb) not carried — commit \(pronoun) first to include \(pronoun) "
            + "(only the committed history up to \(base) travels)"
    }

    private static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}
