import Foundation
import RClaudeCore

/// The agent's changes of a task started from a repository (`--repo`): its diff against the base
/// commit, and a bundle of its branch for `rclaude pull`. Local tasks are read in their
/// worktree; docker tasks in a copy of the container's workspace taken through the archive API,
/// so the container needs no git.
public struct TaskChanges: Sendable {
    /// The environment git runs with.
    public let environment: [String: String]
    /// The docker provider, for tasks in containers (nil when docker is not configured).
    public let docker: DockerProvider?

    /// Copies the workspace of a task in another sandbox (e2b) to this machine; set by the
    /// composition root, which knows those providers.
    public var snapshotter: (@Sendable (TaskRecord) async throws -> WorkspaceSnapshot)?

    /// Creates the service.
    public init(
        environment: [String: String], docker: DockerProvider?,
        snapshotter: (@Sendable (TaskRecord) async throws -> WorkspaceSnapshot)? = nil
    ) {
        self.environment = environment
        self.docker = docker
        self.snapshotter = snapshotter
    }

    /// The base commit and the repository of `record`, or an error saying why it has none.
    public static func origin(of record: TaskRecord) throws -> (base: String, repository: String) {
        guard case .gitWorktree(let repository) = record.workspaceSpec else {
            throw ProviderError(
                code: .git,
                message: "task \(record.id) did not start from a repository, so it has no branch to diff or pull; start tasks with --repo PATH for that (its files are in \(record.workspacePath ?? "its workspace"))")
        }
        guard let base = record.baseCommit else {
            throw ProviderError(
                code: .git,
                message: "task \(record.id) has no recorded base commit yet (it is \(record.status.label)); wait until it has started")
        }
        return (base, repository)
    }

    /// The unified diff of the agent's commits and uncommitted files against the base.
    public func diff(_ record: TaskRecord) async throws -> [UInt8] {
        let origin = try Self.origin(of: record)
        return try await withWorkspace(of: record) { workspace in
            try await GitChangeExporter(git: try GitRunner(environment: environment), workspace: workspace).diff(base: origin.base)
        }
    }

    /// Writes a bundle of the agent's branch (its commits plus a snapshot of uncommitted work) to `file`.
    public func exportBundle(_ record: TaskRecord, to file: String) async throws -> GitChangeExport {
        let origin = try Self.origin(of: record)
        return try await withWorkspace(of: record) { workspace in
            try await GitChangeExporter(git: try GitRunner(environment: environment), workspace: workspace)
                .exportBundle(base: origin.base, branch: record.branch ?? GitWorkspaceSeeder.branch(for: record.id), to: file)
        }
    }

    /// The branch `pull` creates by default: `rclaude/<id>`, or `rclaude/<id>-result` for a local
    /// worktree, whose own branch `rclaude/<id>` already lives in the repository.
    public static func defaultPullBranch(for record: TaskRecord) -> String {
        if record.provider == "local", case .gitWorktree(let repository) = record.workspaceSpec, !GitWorkspaceSeeder.isCloneURL(repository) {
            return "rclaude/\(record.id)-result"
        }
        return "rclaude/\(record.id)"
    }

    /// Exports the task's branch and fetches it into `repository` as `branch` (or the default).
    ///
    /// - Returns: a one-line summary ("pulled 2 commits into branch … of …", or that nothing changed).
    public func pull(_ record: TaskRecord, into repository: String, branch: String?) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-pull-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        if case .noChanges(let base) = try await exportBundle(record, to: scratch + "/changes.bundle") {
            return "task \(record.id) changed nothing since \(base.prefix(7)); nothing to pull"
        }
        return try await Self.importBundle(
            scratch + "/changes.bundle", into: repository, branch: branch ?? Self.defaultPullBranch(for: record), environment: environment)
    }

    /// Fetches a changes bundle into `repository` as `branch`; returns the summary line.
    public static func importBundle(_ bundle: String, into repository: String, branch: String, environment: [String: String])
        async throws -> String
    {
        let pulled = try await GitChangeImporter(git: try GitRunner(environment: environment)).pull(
            bundle: bundle, into: repository, branch: branch)
        return "pulled \(pulled.commitCount) commit\(pulled.commitCount == 1 ? "" : "s") into branch \(pulled.branch) (\(pulled.head.prefix(7))) of \(repository)"
    }

    /// Runs `body` with a directory holding the task's workspace.
    func withWorkspace<T>(of record: TaskRecord, _ body: (String) async throws -> T) async throws -> T {
        guard let path = record.workspacePath else {
            throw ProviderError(code: .workspace, message: "task \(record.id) has no workspace yet (it is \(record.status.label))")
        }
        if record.provider != "local" && record.provider != "docker" {
            guard let snapshotter else {
                throw ProviderError(code: .workspace, message: "task \(record.id)'s workspace in \(record.provider) cannot be read from here")
            }
            let copy = try await snapshotter(record)
            let result = try await body(copy.path)
            withExtendedLifetime(copy) {}
            return result
        }
        guard record.provider == "docker" else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ProviderError(code: .workspace, message: "task \(record.id)'s workspace \(path) is gone; its changes cannot be read any more")
            }
            return try await body(path)
        }
        guard let docker else {
            throw ProviderError(code: .workspace, message: "task \(record.id) runs in docker, which is not configured here (DOCKER_HOST)")
        }
        let copy = try await WorkspaceSnapshot.docker(try DockerSandbox(reference: path), client: docker.client, environment: environment)
        let result = try await body(copy.path)
        withExtendedLifetime(copy) {}
        return result
    }
}
