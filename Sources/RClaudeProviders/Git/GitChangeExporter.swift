import Foundation
import RClaudeCore

/// Reads the agent's work out of its workspace, inside the sandbox: as a diff (`rclaude diff`)
/// or as a bundle for `GitChangeImporter` (`rclaude pull`).
///
/// Both cover the agent's commits since the base plus its uncommitted and untracked files (not
/// ignored ones), and neither changes the workspace's HEAD, index, files or object store.
public struct GitChangeExporter: Sendable {
    /// The message of the snapshot commit of uncommitted work.
    public static let snapshotMessage =
        "rclaude: snapshot of uncommitted changes\n\nFiles the agent changed or created but did not commit.\n"
    /// The git runner.
    public let git: GitRunner
    /// The agent's workspace (any directory inside it).
    public let workspace: String

    /// Creates an exporter for the workspace at `workspace`.
    public init(git: GitRunner, workspace: String) {
        self.git = git
        self.workspace = workspace
    }

    /// The unified diff from `base` to the workspace's current files, commits and uncommitted
    /// and untracked files alike; binary files appear as git shows them ("Binary files … differ").
    ///
    /// - Parameters:
    ///   - base: the base commit; by default the one the seeder recorded.
    /// - Returns: the diff's bytes (empty when nothing changed).
    /// - Throws: `ProviderError` `.git` when the workspace or the base cannot be read.
    public func diff(base: String = GitBundleMaker.baseRef) async throws -> [UInt8] {
        try await diff(base: base, destination: .capture)
    }

    /// Writes the diff from `base` into `file` without holding it in memory (for huge diffs).
    ///
    /// - Returns: the diff's size in bytes.
    public func diff(base: String = GitBundleMaker.baseRef, to file: String) async throws -> Int64 {
        _ = try await diff(base: base, destination: .file(file))
        return GitFileSize.of(file)
    }

    private func diff(base: String, destination: GitOutputDestination) async throws -> [UInt8] {
        let snapshot = try await GitWorkingTreeSnapshot(git: git, workspace: workspace, base: base)
        defer { snapshot.remove() }
        let result = try await git.run(
            ["diff", "--no-color", "--no-ext-diff", snapshot.base, snapshot.tree], in: snapshot.workspace,
            environment: snapshot.objectEnvironment, standardOutput: destination)
        guard result.succeeded else {
            throw ProviderError(
                code: .git,
                message:
                    "cannot diff the workspace '\(snapshot.workspace)' against \(snapshot.base.prefix(7)): \(result.complaint)"
            )
        }
        return result.stdout
    }

    /// Writes a bundle of the agent's work: branch `branch` at the agent's commits plus a
    /// snapshot commit of uncommitted and untracked files on top, with the base as its only
    /// prerequisite.
    ///
    /// - Parameters:
    ///   - base: the base commit; by default the one the seeder recorded.
    ///   - branch: the branch name in the bundle, e.g. `rclaude/<id>`.
    ///   - file: where to write the bundle; it appears only once complete.
    /// - Returns: `.noChanges` when there is nothing to carry (and no file is written), else
    ///   the tip, the commit count and a summary of the changed files.
    /// - Throws: `ProviderError` `.git` when the workspace or base cannot be read or the bundle
    ///   cannot be written.
    public func exportBundle(base: String = GitBundleMaker.baseRef, branch: String, to file: String) async throws
        -> GitChangeExport
    {
        guard (try await git.run(["check-ref-format", "--branch", branch])).succeeded else {
            throw ProviderError(code: .git, message: "'\(branch)' is not a valid branch name; use e.g. rclaude/<id>")
        }
        let snapshot = try await GitWorkingTreeSnapshot(git: git, workspace: workspace, base: base)
        defer { snapshot.remove() }
        let snapshotCommit = snapshot.hasWorkingChanges ? try await commitSnapshot(snapshot) : nil
        let tip = snapshotCommit ?? snapshot.head
        guard tip != snapshot.base else { return .noChanges(baseCommit: snapshot.base) }
        let environment = snapshot.objectEnvironment
        let count = try await git.check(
            ["rev-list", "--count", "\(snapshot.base)..\(tip)"], in: snapshot.workspace, environment: environment
        ) {
            "cannot count the agent's commits: \($0.complaint)"
        }
        let numstat = try await git.check(
            ["diff", "--numstat", "-z", snapshot.base, tip], in: snapshot.workspace, environment: environment
        ) {
            "cannot summarize the agent's changes: \($0.complaint)"
        }
        try await snapshot.helper.setRef("refs/heads/\(branch)", to: tip)
        let size = try await snapshot.helper.createBundle(
            file, refs: ["refs/heads/\(branch)"], excluding: [snapshot.base], progress: nil)
        return .exported(
            GitExportedChanges(
                bundle: GitBundleFile(path: file, byteCount: size, commit: tip), branch: branch,
                baseCommit: snapshot.base,
                head: tip, commitCount: Int(count.output) ?? 0, snapshotCommit: snapshotCommit,
                changes: GitChangeSummary.parse(numstatZ: numstat.stdout)))
    }

    /// Commits the snapshot tree on top of HEAD, into the helper repository only.
    private func commitSnapshot(_ snapshot: GitWorkingTreeSnapshot) async throws -> String {
        var environment = snapshot.objectEnvironment
        let identity = try await git.run(["var", "GIT_COMMITTER_IDENT"], in: snapshot.workspace)
        if !identity.succeeded {
            environment["GIT_AUTHOR_NAME"] = GitWorkspaceSeeder.agentName
            environment["GIT_AUTHOR_EMAIL"] = GitWorkspaceSeeder.agentEmail
            environment["GIT_COMMITTER_NAME"] = GitWorkspaceSeeder.agentName
            environment["GIT_COMMITTER_EMAIL"] = GitWorkspaceSeeder.agentEmail
        }
        let commit = try await git.check(
            ["commit-tree", snapshot.tree, "-p", snapshot.head, "-m", Self.snapshotMessage], in: snapshot.workspace,
            environment: environment
        ) { "cannot commit a snapshot of the uncommitted changes: \($0.complaint)" }
        return commit.output
    }
}
