import Foundation
import RClaudeCore
import RClaudeStore

/// Creates a git worktree for a task on a new branch `rclaude/<id>`, starting at the task's base
/// ref (`--base`, default HEAD), and records the base commit for diffs and pulls. A repository
/// URL is cloned instead, with the host's token (from config) for that clone only.
struct GitWorktree {
    let environment: [String: String]
    /// Tokens by host, for cloning URLs.
    var gitTokens: [String: String] = [:]


    func create(repository: String, base: String?, taskID: TaskID, under directory: String) async throws -> PreparedWorkspace {
        let git = try GitRunner(environment: environment)
        if GitWorkspaceSeeder.isCloneURL(repository) {
            try PosixFile.makeDirectory(directory)
            let host = URLComponents(string: repository)?.host ?? ""
            let seeded = try await GitWorkspaceSeeder(git: git).clone(
                url: repository, base: base ?? "HEAD", branch: GitWorkspaceSeeder.branch(for: taskID),
                into: "\(directory)/\(taskID.rawValue)", credential: gitTokens[host].map { GitCredential.token($0) })
            return PreparedWorkspace(path: seeded.path, branch: seeded.branch, baseCommit: seeded.baseCommit)
        }
        let snapshot = try await GitRepositoryInspector(git: git).inspect(path: repository, base: base ?? "HEAD")
        try PosixFile.makeDirectory(directory)
        let path = "\(directory)/\(taskID.rawValue)"
        let branch = GitWorkspaceSeeder.branch(for: taskID)
        let add = try await git.run(["worktree", "add", "-b", branch, path, snapshot.baseCommit], in: snapshot.toplevel)
        guard add.succeeded else {
            throw ProviderError(code: .git, message: "cannot create a worktree of '\(snapshot.toplevel)': \(add.complaint)")
        }
        return PreparedWorkspace(path: path, branch: branch, baseCommit: snapshot.baseCommit)
    }
}
