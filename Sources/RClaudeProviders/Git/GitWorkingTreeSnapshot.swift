// The agent's workspace as one tree: HEAD plus every uncommitted and untracked (not ignored)
// file. It is built in a scratch directory — a copy of the index as a temporary index
// (GIT_INDEX_FILE) and a helper repository that receives the new objects
// (GIT_OBJECT_DIRECTORY) — so the workspace's HEAD, index, files and object store stay exactly
// as the agent left them.

import Foundation
import RClaudeCore

/// A tree of the workspace's current files, and what is needed to read it.
struct GitWorkingTreeSnapshot {
    let git: GitRunner
    /// The workspace's top directory.
    let workspace: String
    /// The full sha of the base commit.
    let base: String
    /// The full sha of the workspace's HEAD.
    let head: String
    /// The tree of HEAD plus all working-tree changes.
    let tree: String
    /// Whether `tree` differs from HEAD's tree (there are uncommitted or untracked changes).
    let hasWorkingChanges: Bool
    /// The helper repository holding the new objects.
    let helper: GitHelperRepository
    private let scratch: GitScratchDirectory

    /// Captures the workspace at `path` against `base`.
    ///
    /// - Throws: `ProviderError` `.git` when `path` is not a repository with commits, `base` is
    ///   missing, or HEAD no longer descends from `base`.
    init(git: GitRunner, workspace path: String, base baseRef: String) async throws {
        self.git = git
        let top = try await git.run(["rev-parse", "--show-toplevel"], in: path)
        guard top.succeeded, !top.output.isEmpty else {
            throw ProviderError(
                code: .git,
                message:
                    "the workspace '\(path)' is not a git working tree (\(top.complaint)); seed it with GitWorkspaceSeeder first"
            )
        }
        let workspace = top.output
        self.workspace = workspace
        let head = try await git.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], in: workspace)
        guard head.succeeded, !head.output.isEmpty else {
            throw ProviderError(
                code: .git,
                message: "the workspace '\(workspace)' has no HEAD commit; check it out on its task branch again")
        }
        self.head = head.output
        let base = try await git.run(["rev-parse", "--verify", "--quiet", "\(baseRef)^{commit}"], in: workspace)
        guard base.succeeded, !base.output.isEmpty else {
            throw ProviderError(
                code: .git,
                message:
                    "the base commit '\(baseRef)' is not in the workspace '\(workspace)'; pass the commit the task was seeded from"
            )
        }
        self.base = base.output
        let ancestor = try await git.run(["merge-base", "--is-ancestor", self.base, self.head], in: workspace)
        guard ancestor.succeeded else {
            throw ProviderError(
                code: .git,
                message:
                    "the workspace's HEAD (\(self.head.prefix(7))) no longer contains the base commit \(self.base.prefix(7)), so its changes cannot be exported as commits on top of it; check out the task branch again"
            )
        }
        let scratch = try GitScratchDirectory(environment: git.environment, purpose: "snapshot")
        self.scratch = scratch
        do {
            let helper = try await GitHelperRepository(
                git: git, at: scratch.appending("helper.git"), borrowingFrom: workspace)
            self.helper = helper
            var environment = helper.objectEnvironment
            environment["GIT_INDEX_FILE"] = try await Self.copyIndex(
                of: workspace, to: scratch.appending("index"), git: git)
            if !FileManager.default.fileExists(atPath: scratch.appending("index")) {
                _ = try await git.check(["read-tree", self.head], in: workspace, environment: environment) {
                    "cannot read HEAD into a temporary index: \($0.complaint)"
                }
            }
            _ = try await git.check(["add", "--all", "--", "."], in: workspace, environment: environment) {
                "cannot collect the workspace's changes in '\(workspace)': \($0.complaint)"
            }
            let tree = try await git.check(["write-tree"], in: workspace, environment: environment) {
                "cannot write the workspace's tree: \($0.complaint)"
            }
            self.tree = tree.output
            let headTree = try await git.check(["rev-parse", "\(self.head)^{tree}"], in: workspace) {
                "cannot read HEAD's tree: \($0.complaint)"
            }
            self.hasWorkingChanges = headTree.output != tree.output
        } catch {
            scratch.remove()
            throw error
        }
    }

    /// Environment for commands that read the snapshot's objects in the workspace.
    var objectEnvironment: [String: String] { helper.objectEnvironment }

    /// Deletes the scratch directory (the temporary index and new objects).
    func remove() { scratch.remove() }

    /// Copies the workspace's index (stat data included, so unchanged files are not re-read) and
    /// returns the copy's path; copies nothing when the workspace has no index yet.
    private static func copyIndex(of workspace: String, to copy: String, git: GitRunner) async throws -> String {
        let result = try await git.check(["rev-parse", "--git-path", "index"], in: workspace) {
            "cannot find the index of '\(workspace)': \($0.complaint)"
        }
        let index =
            result.output.hasPrefix("/") ? result.output : (workspace as NSString).appendingPathComponent(result.output)
        guard FileManager.default.fileExists(atPath: index) else { return copy }
        do {
            try FileManager.default.copyItem(atPath: index, toPath: copy)
        } catch {
            throw ProviderError(
                code: .git,
                message: "cannot copy the index of '\(workspace)': \(error); check TMPDIR and free disk space")
        }
        return copy
    }
}
