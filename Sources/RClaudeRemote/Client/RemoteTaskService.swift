import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeProviders

/// `TaskService` for one `rclaude serve` host: REST for commands, WebSockets for streams.
public struct RemoteTaskService: TaskService {
    /// The REST client.
    public let api: RemoteAPIClient
    /// The stream client.
    public let streams: RemoteStreamClient
    /// The repository `pullChanges` brings branches into (default: the current directory).
    public var pullRepository: String?

    /// Creates the service for `endpoint`.
    ///
    /// - Throws: `CoreError` when the token file is unusable.
    public init(endpoint: RemoteEndpoint, transport: (any HTTPTransport)? = nil, policy: ReconnectPolicy = ReconnectPolicy()) throws {
        api = try RemoteAPIClient(endpoint: endpoint, transport: transport)
        streams = RemoteStreamClient(api: api, policy: policy)
    }

    public func list() async throws -> TaskListing {
        let listing = try await api.list()
        let state: ProviderStatus.State =
            switch streams.states.state(of: api.endpoint.name) {
            case .reconnecting(let attempt, _): .reconnecting(attempt: attempt)
            case .unreachable: .unreachable
            case .connected, nil: .connected
            }
        return TaskListing(
            tasks: listing.tasks, problems: listing.problems.map { "remote \(api.endpoint.name): \($0)" },
            providers: [ProviderStatus(provider: api.endpoint.providerName, state: state)])
    }

    public func start(_ spec: TaskSpec) async throws -> TaskRecord { try await start(spec, size: nil) }

    /// Starts an interactive task with a terminal of `size`.
    public func startInteractive(_ spec: TaskSpec, size: TerminalSize) async throws -> TaskRecord {
        var spec = spec
        spec.options.interactive = true
        return try await start(spec, size: size)
    }

    /// Starts a `--repo` task on the host from a repository uploaded with
    /// `api.uploadRepository`: the agent works on `rclaude/<id>` from `baseCommit`.
    public func start(_ spec: TaskSpec, repository upload: String, baseCommit: String) async throws -> TaskRecord {
        try await start(spec, size: nil, repository: upload, baseCommit: baseCommit)
    }

    private func start(_ spec: TaskSpec, size: TerminalSize?, repository: String? = nil, baseCommit: String? = nil) async throws
        -> TaskRecord
    {
        if spec.workspace != .managed && repository == nil {
            throw CoreError(
                code: .invalidInput,
                message: "remote tasks run in a workspace on the remote host; drop --workspace/--repo for --provider \(api.endpoint.providerName)")
        }
        return try await api.create(
            CreateTaskRequest(
                prompt: spec.prompt, agent: spec.agent.rawValue, model: spec.options.model,
                permissionMode: spec.options.permissionMode,
                allowedTools: spec.options.allowedTools.isEmpty ? nil : spec.options.allowedTools, maxTurns: spec.options.maxTurns,
                interactive: spec.options.interactive ? true : nil, rows: size?.rows, cols: size?.cols,
                environment: spec.environment.isEmpty ? nil : spec.environment, repository: repository, baseCommit: baseCommit,
                labels: spec.options.labels.isEmpty ? nil : spec.options.labels))
    }

    public func cancel(_ id: TaskID) async throws { try await api.cancel(id) }

    public func retry(_ id: TaskID) async throws -> TaskRecord { try await api.retry(id) }

    public func delete(_ id: TaskID) async throws { try await api.delete(id) }

    public func sendFollowUp(_ id: TaskID, prompt: String) async throws { try await api.followUp(id, prompt: prompt) }

    public func answerPermission(_ id: TaskID, allow: Bool, message: String?) async throws {
        try await api.answerPermission(id, PermissionAnswerRequest(allow: allow, message: message))
    }

    public func interrupt(_ id: TaskID) async throws { try await api.interrupt(id) }

    /// Fetches the task's branch from the host into the repository at `pullRepository` (the
    /// current directory unless set).
    public func pullChanges(_ id: TaskID, branch: String?) async throws -> String {
        guard let bytes = try await api.branchBundle(id) else { return "task \(id) changed nothing; nothing to pull" }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-pull-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        guard FileManager.default.createFile(atPath: scratch + "/changes.bundle", contents: Data(bytes)) else {
            throw CoreError(code: .storage, message: "cannot write the bundle to \(scratch); check the temporary directory's free space")
        }
        return try await TaskChanges.importBundle(
            scratch + "/changes.bundle", into: pullRepository ?? FileManager.default.currentDirectoryPath,
            branch: branch ?? "rclaude/\(id)", environment: ProcessInfo.processInfo.environment)
    }

    public func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent> { streams.events(id, from: index) }

    public func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk> { streams.output(id, from: offset) }

    public func openTerminal(_ id: TaskID, size: TerminalSize) async throws -> any TerminalSession {
        let record = try await api.task(id)
        guard record.options.interactive, record.status.isActive else {
            throw CoreError(code: .invalidState, message: "task \(id) has no live terminal (it is not an interactive task that is running)")
        }
        return RemoteTerminalSession(client: streams, id: id, size: size)
    }

    public func files(_ id: TaskID) async throws -> any FileBrowsing {
        _ = try await api.task(id)
        return RemoteFileBrowser(api: api, id: id)
    }
}
