import RClaudeCore

/// A task's container and the workspace directory inside it.
///
/// As a `PreparedWorkspace` it is written `CONTAINER:PATH` (the notation of `docker cp`), so a
/// launch, a later turn or another process finds the container from the task record alone.
public struct DockerSandbox: Sendable, Equatable {
    /// The container's name (`rclaude-<task id>`) or id.
    public var container: String
    /// The workspace directory inside the container.
    public var workspacePath: String

    /// Creates a sandbox reference.
    public init(container: String, workspacePath: String) {
        self.container = container
        self.workspacePath = workspacePath
    }

    /// The `CONTAINER:PATH` form.
    public var reference: String { "\(container):\(workspacePath)" }

    /// The prepared workspace that names this sandbox.
    public var preparedWorkspace: PreparedWorkspace { PreparedWorkspace(path: reference, branch: nil) }

    /// Parses `CONTAINER:PATH`.
    ///
    /// - Throws: `ProviderError` `.workspace` when `reference` is not of that form (a workspace
    ///   prepared by another provider).
    public init(reference: String) throws {
        guard let colon = reference.firstIndex(of: ":"), colon != reference.startIndex,
            reference[reference.index(after: colon)...].hasPrefix("/")
        else {
            throw ProviderError(
                code: .workspace,
                message: "'\(reference)' is not a docker workspace (CONTAINER:/PATH); prepare it with the docker provider")
        }
        container = String(reference[..<colon])
        workspacePath = String(reference[reference.index(after: colon)...])
    }
}
