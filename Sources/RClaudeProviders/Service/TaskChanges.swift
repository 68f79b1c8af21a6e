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

    /// Creates the service.
    public init(environment: [String: String], docker: DockerProvider?) {
        self.environment = environment
        self.docker = docker
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

    /// Runs `body` with a directory holding the task's workspace.
    func withWorkspace<T>(of record: TaskRecord, _ body: (String) async throws -> T) async throws -> T {
        guard let path = record.workspacePath else {
            throw ProviderError(code: .workspace, message: "task \(record.id) has no workspace yet (it is \(record.status.label))")
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
        let sandbox = try DockerSandbox(reference: path)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-changes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let archive = try await docker.client.getArchive(from: sandbox.container, at: sandbox.workspacePath)
        let top = (sandbox.workspacePath as NSString).lastPathComponent
        try LocalDirectoryArchive.extract(try TarArchive.decode(archive), into: copy, stripping: top)
        return try await body(copy)
    }
}
