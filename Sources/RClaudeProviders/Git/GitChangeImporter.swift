import Foundation
import RClaudeCore

/// Brings the agent's work into the user's repository (`rclaude pull`): fetches a bundle from
/// `GitChangeExporter` into a new branch, without touching the checked-out branch, the index or
/// the working tree. It never overwrites or moves an existing branch.
public struct GitChangeImporter: Sendable {
    /// The git runner.
    public let git: GitRunner

    /// Creates an importer.
    public init(git: GitRunner) { self.git = git }

    /// Creates `branch` in `repository` from the bundle's branch.
    ///
    /// - Parameters:
    ///   - bundle: a bundle written by `GitChangeExporter.exportBundle`.
    ///   - repository: the user's repository (any directory inside it).
    ///   - branch: the branch to create, e.g. `rclaude/<id>`.
    /// - Returns: the new branch, its tip and how many commits it adds.
    /// - Throws: `ProviderError` `.git` when the branch exists or is checked out ("pass --branch
    ///   NAME"), the repository lacks the base commit ("fetch it first"), or the bundle is
    ///   incomplete; in every case no ref is created.
    public func pull(bundle: String, into repository: String, branch: String) async throws -> PulledBranch {
        let top = try await git.run(["rev-parse", "--absolute-git-dir"], in: repository)
        guard top.succeeded else {
            throw ProviderError(
                code: .git,
                message:
                    "'\(repository)' is not a git repository (\(top.complaint)); pull from inside the repository the task was started from"
            )
        }
        guard (try await git.run(["check-ref-format", "--branch", branch])).succeeded, !branch.hasPrefix("-") else {
            throw ProviderError(
                code: .git,
                message: "'\(branch)' is not a valid branch name; pass --branch NAME with a name like rclaude/fix-login"
            )
        }
        try await refuseExisting(branch, in: repository)
        let header = try GitBundleHeader.read(bundle)
        try await verify(bundle, header: header, in: repository)
        guard let source = header.refs.first(where: { $0.name.hasPrefix("refs/heads/") }) ?? header.refs.first else {
            throw ProviderError(
                code: .git,
                message: "the bundle '\(bundle)' contains no branch; it is incomplete — export it again and retry")
        }
        let fetch = try await git.run(
            ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", bundle, "\(source.name):refs/heads/\(branch)"],
            in: repository, config: ["gc.auto": "0", "maintenance.auto": "false"])
        guard fetch.succeeded else { throw fetchError(fetch, bundle: bundle, branch: branch, repository: repository) }
        let count = try await git.run(
            ["rev-list", "--count", source.sha, "--not"] + header.prerequisites, in: repository)
        return PulledBranch(
            branch: branch, head: source.sha, baseCommits: header.prerequisites, commitCount: Int(count.output) ?? 0)
    }

    /// Fails when `branch` is checked out in any worktree or already exists.
    private func refuseExisting(_ branch: String, in repository: String) async throws {
        let worktrees = try await git.run(["worktree", "list", "--porcelain"], in: repository)
        var worktree = ""
        for line in worktrees.lines {
            if line.hasPrefix("worktree ") { worktree = String(line.dropFirst("worktree ".count)) }
            if line == "branch refs/heads/\(branch)" {
                throw ProviderError(
                    code: .git,
                    message:
                        "the branch '\(branch)' is checked out in '\(worktree)'; rclaude never moves a checked-out branch — pass --branch NAME to pull into a new branch"
                )
            }
        }
        let existing = try await git.run(["rev-parse", "--verify", "--quiet", "refs/heads/\(branch)"], in: repository)
        if existing.succeeded {
            throw ProviderError(
                code: .git,
                message:
                    "a branch named '\(branch)' already exists (at \(existing.output.prefix(7))); rclaude never overwrites a branch — pass --branch NAME to pull into a new one"
            )
        }
    }

    /// Checks the bundle's prerequisites are here, then `git bundle verify`, with failures explained.
    private func verify(_ bundle: String, header: GitBundleHeader, in repository: String) async throws {
        for prerequisite in header.prerequisites {
            let present = try await git.run(["cat-file", "-e", "\(prerequisite)^{commit}"], in: repository)
            guard present.succeeded else { throw missingBase(prerequisite, repository: repository) }
        }
        let result = try await git.run(["bundle", "verify", bundle], in: repository)
        guard !result.succeeded else { return }
        if result.stderr.contains("prerequisite") {
            throw missingBase(header.prerequisites.first ?? "of the task", repository: repository)
        }
        throw ProviderError(
            code: .git,
            message:
                "the bundle '\(bundle)' is incomplete or damaged (\(GitFileSize.of(bundle)) bytes; git said: \(result.complaint)); export it again and retry"
        )
    }

    private func missingBase(_ commit: String, repository: String) -> ProviderError {
        ProviderError(
            code: .git,
            message:
                "the base commit \(commit.prefix(7)) is not in this repository ('\(repository)'); fetch it first (e.g. 'git fetch origin') or pull into the repository the task was started from"
        )
    }

    /// The error for a failed fetch: a cut-off pack, a checked-out branch, or git's own words.
    private func fetchError(_ fetch: GitResult, bundle: String, branch: String, repository: String) -> ProviderError {
        let said = fetch.stderr
        if said.contains("refusing to fetch into") {
            return ProviderError(
                code: .git,
                message:
                    "the branch '\(branch)' is checked out in '\(repository)'; rclaude never moves a checked-out branch — pass --branch NAME to pull into a new branch"
            )
        }
        if said.contains("early EOF") || said.contains("index-pack") || said.contains("pack")
            || said.contains("truncated")
        {
            return ProviderError(
                code: .git,
                message:
                    "the bundle '\(bundle)' is incomplete (\(GitFileSize.of(bundle)) bytes; git said: \(fetch.complaint)); export it again and retry — no branch was created"
            )
        }
        return ProviderError(
            code: .git, message: "cannot fetch the bundle '\(bundle)' into '\(branch)': \(fetch.complaint)")
    }
}
