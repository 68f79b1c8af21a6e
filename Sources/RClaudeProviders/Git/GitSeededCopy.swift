import Foundation
import RClaudeCore

/// A repository's committed history up to a base, cloned on this machine onto the task's branch
/// `rclaude/<id>`, ready to be copied into a sandbox that may have no git (a container, an E2B
/// sandbox). Uncommitted and untracked files stay behind. `remove()` deletes the scratch space.
public struct GitSeededCopy: Sendable {
    /// The seeded workspace (with `.git`).
    public let path: String
    /// The task's branch.
    public let branch: String
    /// The commit the branch starts at.
    public let baseCommit: String
    let scratch: String

    /// Seeds a copy of `repository` at `base` (default HEAD) for task `taskID`.
    ///
    /// - Throws: `ProviderError` `.git` for a path that is not a repository, a base that does
    ///   not exist, or a bundle that cannot be made or unpacked.
    public static func make(repository: String, base: String?, taskID: TaskID, environment: [String: String]) async throws
        -> GitSeededCopy
    {
        let git = try GitRunner(environment: environment)
        let snapshot = try await GitRepositoryInspector(git: git).inspect(path: repository, base: base ?? "HEAD")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-seed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        do {
            let bundle = try await GitBundleMaker(git: git).makeInputBundle(
                repository: snapshot.toplevel, baseCommit: snapshot.baseCommit, to: scratch + "/input.bundle")
            let branch = GitWorkspaceSeeder.branch(for: taskID)
            let seeded = try await GitWorkspaceSeeder(git: git).seed(
                from: bundle.path, base: snapshot.baseCommit, branch: branch, into: scratch + "/workspace")
            try? FileManager.default.removeItem(atPath: bundle.path)
            return GitSeededCopy(path: seeded.path, branch: branch, baseCommit: snapshot.baseCommit, scratch: scratch)
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }

    /// Deletes the copy.
    public func remove() { try? FileManager.default.removeItem(atPath: scratch) }
}
