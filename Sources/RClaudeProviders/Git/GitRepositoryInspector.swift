import Foundation
import RClaudeCore

/// Looks at a repository on the user's machine before a task starts from it: finds its top, the
/// base commit and the local work that will not travel into the sandbox. Never writes to it.
public struct GitRepositoryInspector: Sendable {
    /// The git runner.
    public let git: GitRunner

    /// Creates an inspector.
    public init(git: GitRunner) { self.git = git }

    /// Inspects the repository containing `path`.
    ///
    /// - Parameters:
    ///   - path: the repository or any directory inside its working tree.
    ///   - base: the ref the task starts from (`HEAD`, a branch, a tag or a sha).
    /// - Returns: the repository's top, the resolved base and the uncommitted and untracked paths.
    /// - Throws: `ProviderError` `.git` when `path` is not a directory or not inside a git working
    ///   tree, the repository has no commits, or `base` names no commit.
    public func inspect(path: String, base: String = "HEAD") async throws -> RepositorySnapshot {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProviderError(
                code: .git, message: "'\(path)' does not exist or is not a directory; pass the path of a git repository"
            )
        }
        let toplevel = try await findToplevel(path)
        let readOnly = ["GIT_OPTIONAL_LOCKS": "0"]
        let head = try await git.run(
            ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], in: toplevel, environment: readOnly)
        guard head.succeeded else {
            throw ProviderError(
                code: .git,
                message:
                    "the repository '\(toplevel)' has no commits yet; commit something first (git add -A && git commit -m 'first') so the task has a commit to start from"
            )
        }
        let baseCommit = try await resolve(base: base, in: toplevel)
        let branch = try await git.run(
            ["symbolic-ref", "--quiet", "--short", "HEAD"], in: toplevel, environment: readOnly)
        let status = try await git.check(
            ["status", "--porcelain=v1", "-z", "--untracked-files=all"], in: toplevel, environment: readOnly
        ) { "cannot read the status of '\(toplevel)': \($0.complaint)" }
        let entries = GitStatusEntries(porcelainZ: status.stdout)
        return RepositorySnapshot(
            toplevel: toplevel, baseRef: base, baseCommit: baseCommit,
            currentBranch: branch.succeeded ? branch.output : nil,
            uncommitted: entries.changed, untracked: entries.untracked)
    }

    /// The top of the working tree containing `path`.
    private func findToplevel(_ path: String) async throws -> String {
        let result = try await git.run(
            ["rev-parse", "--show-toplevel"], in: path, environment: ["GIT_OPTIONAL_LOCKS": "0"])
        if result.succeeded, !result.output.isEmpty { return result.output }
        if result.stderr.contains("not a git repository") {
            throw ProviderError(
                code: .git,
                message:
                    "'\(path)' is not a git repository; run 'git init' there and commit your files, or pass --workspace to use the directory without git"
            )
        }
        if result.stderr.contains("work tree") {
            throw ProviderError(
                code: .git,
                message:
                    "'\(path)' is a bare repository without a working tree; pass a clone of it instead (git clone '\(path)' DIR)"
            )
        }
        let said = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        throw ProviderError(
            code: .git, message: "git cannot open '\(path)' as a repository: \(said.isEmpty ? result.complaint : said)")
    }

    /// The full sha of the commit `base` names.
    private func resolve(base: String, in toplevel: String) async throws -> String {
        let hint = "list branches with 'git branch -a' or commits with 'git log --oneline' and pass one of them"
        guard !base.isEmpty, !base.hasPrefix("-") else {
            throw ProviderError(code: .git, message: "'\(base)' is not a valid base ref; \(hint)")
        }
        let result = try await git.run(
            ["rev-parse", "--verify", "--quiet", "\(base)^{commit}"], in: toplevel,
            environment: ["GIT_OPTIONAL_LOCKS": "0"])
        guard result.succeeded, !result.output.isEmpty else {
            throw ProviderError(code: .git, message: "the base ref '\(base)' does not exist in '\(toplevel)'; \(hint)")
        }
        return result.output
    }
}
