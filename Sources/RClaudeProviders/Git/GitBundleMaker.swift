import Foundation
import RClaudeCore

/// Writes the bundle that carries a repository into a sandbox: the committed history up to the
/// base commit and nothing else — no uncommitted changes, untracked files or later commits.
///
/// The bundle has two refs, `HEAD` (detached) and `refs/rclaude/base`, both at the base commit,
/// so `git clone FILE DIR` works on it too. The refs are made in a throwaway helper repository
/// that borrows the user's objects, so the user's repository is never written to.
public struct GitBundleMaker: Sendable {
    /// The ref at the base commit inside input bundles.
    public static let baseRef = "refs/rclaude/base"
    /// The git runner.
    public let git: GitRunner

    /// Creates a bundle maker.
    public init(git: GitRunner) { self.git = git }

    /// Writes the history of `repository` up to `baseCommit` into the bundle `file`.
    ///
    /// - Parameters:
    ///   - repository: the repository (its top directory, as `RepositorySnapshot.toplevel`).
    ///   - baseCommit: the commit the task starts from (`RepositorySnapshot.baseCommit`).
    ///   - file: where to write the bundle; it appears only once complete.
    ///   - progress: called with git's progress and the bytes written so far.
    /// - Returns: the bundle's path, size and commit.
    /// - Throws: `ProviderError` `.git` when the commit is missing or the file cannot be written.
    public func makeInputBundle(
        repository: String, baseCommit: String, to file: String,
        progress: (@Sendable (GitBundleProgress) -> Void)? = nil
    ) async throws -> GitBundleFile {
        let resolved = try await git.run(
            ["rev-parse", "--verify", "--quiet", "\(baseCommit)^{commit}"], in: repository)
        guard resolved.succeeded, !resolved.output.isEmpty else {
            throw ProviderError(
                code: .git,
                message:
                    "the base commit '\(baseCommit)' is not in '\(repository)'; check it with 'git log --oneline' and pass an existing one"
            )
        }
        let commit = resolved.output
        let scratch = try GitScratchDirectory(environment: git.environment, purpose: "bundle")
        defer { scratch.remove() }
        let helper = try await GitHelperRepository(
            git: git, at: scratch.appending("helper.git"), borrowingFrom: repository)
        try await helper.setRef("HEAD", to: commit)
        try await helper.setRef(Self.baseRef, to: commit)
        let size = try await helper.createBundle(file, refs: ["HEAD", Self.baseRef], excluding: [], progress: progress)
        return GitBundleFile(path: file, byteCount: size, commit: commit)
    }
}
