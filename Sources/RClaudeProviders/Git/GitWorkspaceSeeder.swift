import Foundation
import RClaudeCore

/// Makes the agent's workspace inside a sandbox: a repository on a new branch `rclaude/<id>` at
/// the base commit, from a bundle (`seed`) or a URL (`clone`), with a committer identity so the
/// agent can commit. A failed seed leaves the target directory as it found it.
public struct GitWorkspaceSeeder: Sendable {
    /// The identity set when the workspace has none: `rclaude agent <agent@rclaude.invalid>`.
    public static let agentName = "rclaude agent"
    /// The e-mail of the agent identity.
    public static let agentEmail = "agent@rclaude.invalid"
    /// The git runner.
    public let git: GitRunner

    /// Creates a seeder.
    public init(git: GitRunner) { self.git = git }

    /// The branch a task works on: `rclaude/<id>`.
    public static func branch(for task: TaskID) -> String { "rclaude/\(task.rawValue)" }

    /// Seeds `directory` from a bundle made by `GitBundleMaker`.
    ///
    /// - Parameters:
    ///   - bundle: the bundle file.
    ///   - base: the base commit (full sha, as `GitBundleFile.commit`).
    ///   - branch: the branch to create, e.g. `rclaude/<id>`.
    ///   - directory: a new or empty directory.
    /// - Returns: the workspace.
    /// - Throws: `ProviderError` — `.workspace` when `directory` is not new or empty; `.git` when
    ///   the bundle is incomplete or damaged ("retry the run"), lacks `base`, or `branch` is not
    ///   a valid branch name.
    public func seed(from bundle: String, base: String, branch: String, into directory: String) async throws
        -> SeededWorkspace
    {
        guard FileManager.default.isReadableFile(atPath: bundle) else {
            throw ProviderError(
                code: .git, message: "the repository bundle '\(bundle)' is missing or unreadable; retry the run")
        }
        try await validate(branch: branch)
        let target = try GitTargetDirectory(preparing: directory)
        do {
            _ = try await git.check(["init", "--quiet"], in: directory) {
                "cannot create a repository in '\(directory)': \($0.complaint)"
            }
            let incomplete = { (result: GitResult) in
                "the repository bundle '\(bundle)' is incomplete (\(GitFileSize.of(bundle)) bytes); retry the run (git said: \(result.complaint))"
            }
            _ = try await git.check(["bundle", "verify", "--quiet", bundle], in: directory, failure: incomplete)
            _ = try await git.check(["bundle", "unbundle", bundle], in: directory, failure: incomplete)
            let commit = try await git.run(["rev-parse", "--verify", "--quiet", "\(base)^{commit}"], in: directory)
            guard commit.succeeded, !commit.output.isEmpty else {
                throw ProviderError(
                    code: .git,
                    message:
                        "the repository bundle '\(bundle)' does not contain the base commit \(base.prefix(12)); make the bundle from the same repository and base, then retry"
                )
            }
            return try await finish(directory, base: commit.output, branch: branch)
        } catch {
            target.discard()
            throw error
        }
    }

    // MARK: - Shared steps

    /// Fails unless `branch` is a valid branch name.
    func validate(branch: String) async throws {
        let result = try await git.run(["check-ref-format", "--branch", branch])
        guard result.succeeded, !branch.hasPrefix("-") else {
            throw ProviderError(
                code: .git,
                message:
                    "'\(branch)' is not a valid branch name; use letters, digits, '-', '_' and '/', e.g. rclaude/<id>")
        }
    }

    /// Checks out `branch` at `base`, keeps `refs/rclaude/base`, and sets an identity if none.
    func finish(_ directory: String, base: String, branch: String) async throws -> SeededWorkspace {
        _ = try await git.check(["checkout", "--quiet", "--no-track", "-b", branch, base], in: directory) {
            "cannot check out a new branch '\(branch)' at \(base.prefix(7)) in '\(directory)': \($0.complaint)"
        }
        _ = try await git.check(["update-ref", GitBundleMaker.baseRef, base], in: directory) {
            "cannot record the base commit in '\(directory)': \($0.complaint)"
        }
        for (key, value) in [("user.name", Self.agentName), ("user.email", Self.agentEmail)] {
            let current = try await git.run(["config", "--get", key], in: directory)
            if current.succeeded, !current.output.isEmpty { continue }
            _ = try await git.check(["config", "--local", key, value], in: directory) {
                "cannot set \(key) in '\(directory)': \($0.complaint)"
            }
        }
        return SeededWorkspace(path: directory, branch: branch, baseCommit: base)
    }
}
