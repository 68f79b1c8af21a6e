import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeProviders

/// Runs tasks in E2B sandboxes (Firecracker microVMs in E2B's cloud): one sandbox per task,
/// created from `options.template` with the label `rclaude.task=<id>` and the workspace at
/// `/home/user/workspace`, into which the task's local directory is copied through envd's
/// files API. Commands run through envd's `Process.Start` stream: headless ones with stdout
/// and stderr apart, interactive ones under a PTY that follows resizes.
///
/// The sandbox outlives a turn, so follow-ups and file browsing see the agent's files; each
/// turn extends its lifetime to `options.sandboxTimeout`, and `removeSandbox(for:)` kills
/// it. The workspace is recorded as `e2b://<sandboxID>/home/user/workspace`.
public struct E2BProvider: SupervisedProvider {
    public var name: String { "e2b" }
    /// The control plane.
    public let client: E2BClient
    /// How sandboxes are created and reached.
    public private(set) var options: E2BProviderOptions
    /// Known task → sandbox assignments and envd credentials.
    public let registry: E2BSandboxRegistry
    let envdTransport: any HTTPTransport
    let streaming: any StreamingHTTPTransport

    /// Creates the provider.
    ///
    /// - Parameters:
    ///   - client: the control plane.
    ///   - options: how sandboxes are created and reached.
    ///   - envdTransport: unary envd calls and file transfers.
    ///   - streaming: envd's process streams.
    ///   - registry: shared knowledge of sandboxes (one per rclaude process).
    public init(
        client: E2BClient, options: E2BProviderOptions = E2BProviderOptions(),
        envdTransport: any HTTPTransport = CurlHTTPTransport(connectTimeout: .seconds(10)),
        streaming: any StreamingHTTPTransport = CurlStreamingTransport(),
        registry: E2BSandboxRegistry = E2BSandboxRegistry()
    ) {
        self.client = client
        self.options = options
        self.envdTransport = envdTransport
        self.streaming = streaming
        self.registry = registry
    }

    /// The provider for `E2B_API_KEY` over libcurl, configured by `RCLAUDE_E2B_TEMPLATE`,
    /// `RCLAUDE_E2B_TIMEOUT`, `E2B_DOMAIN`, `E2B_API_URL`, `E2B_SANDBOX_URL` and `E2B_DEBUG`.
    ///
    /// - Throws: `CoreError` `.unauthorized` when `E2B_API_KEY` is missing, `.invalidInput`
    ///   for a bad `RCLAUDE_E2B_TIMEOUT`.
    public init(environment: [String: String]) throws {
        guard let key = environment["E2B_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else {
            throw E2BErrors.missingAPIKey
        }
        let options = try E2BProviderOptions.fromEnvironment(environment)
        self.init(client: E2BClient(baseURL: options.apiURL, apiKey: key), options: options)
    }

    /// This provider, with `credentials` forwarded into every process it starts.
    public func forwarding(_ credentials: [String: String]) -> E2BProvider {
        var copy = self
        copy.options.forwardedEnvironment = credentials
        return copy
    }

    /// The task's sandbox must still exist; an unreachable control plane is not a verdict.
    public func sandboxHealth(of workspace: PreparedWorkspace) async -> ProviderHealth {
        guard let reference = try? E2BSandboxReference(reference: workspace.path) else { return .healthy }
        do {
            _ = try await client.sandbox(reference.sandboxID)
            return .healthy
        } catch let error as CoreError where error.code == .notFound {
            return .unhealthy("its E2B sandbox \(reference.sandboxID) no longer exists (killed or timed out)")
        } catch {
            return .healthy
        }
    }

    // MARK: - SandboxProvider

    public func prepareWorkspace(for record: TaskRecord) async throws -> PreparedWorkspace {
        guard case .gitWorktree(let repository) = record.workspaceSpec else {
            return try await prepareSandbox(for: record).preparedWorkspace
        }
        // The base is resolved once, so the seeded branch and the recorded base agree.
        var pinned = record
        let base: String
        if let recorded = record.baseCommit {
            base = recorded
        } else {
            base = try await GitRepositoryInspector(git: try GitRunner(environment: ProcessInfo.processInfo.environment))
                .inspect(path: repository, base: record.options.baseRef ?? "HEAD").baseCommit
        }
        pinned.options.baseRef = base
        var workspace = try await prepareSandbox(for: pinned).preparedWorkspace
        workspace.branch = GitWorkspaceSeeder.branch(for: record.id)
        workspace.baseCommit = base
        return workspace
    }

    public func launch(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SandboxProcess
    {
        try await start(command, in: try E2BSandboxReference(reference: workspace.path), terminal: terminal)
    }

    // MARK: - SupervisedProvider

    /// Agents are looked up on the sandbox's PATH (the template must provide them).
    public func locateAgent(_ agent: AgentKind) throws -> String {
        switch agent {
        case .shell: "/bin/sh"
        case .claude: "claude"
        case .codex: "codex"
        case .gemini: "gemini"
        }
    }

    public func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?)
        async throws
        -> any SupervisedProcess
    {
        try await start(command, in: try E2BSandboxReference(reference: workspace.path), terminal: terminal)
    }

    // MARK: - Sandbox lifetime

    /// The sandbox of task `id` as the control plane describes it, or nil when the task has
    /// none (never had one, or it was killed or timed out).
    public func sandbox(for id: TaskID) async throws -> E2BSandboxDetail? {
        if let known = registry.sandbox(of: id) {
            do {
                return try await client.sandbox(known)
            } catch let error as CoreError where error.code == .notFound {
                registry.forget(known)
            }
        }
        return try await client.listSandboxes(metadata: [E2BClient.taskMetadataKey: id.rawValue]).first
    }

    /// How long task `id`'s sandbox has left before E2B kills it (from its `endAt`), or nil
    /// when the task has no sandbox.
    public func timeRemaining(for id: TaskID, now: Date = Date()) async throws -> Duration? {
        try await sandbox(for: id)?.timeRemaining(now: now)
    }

    /// How long sandbox `sandboxID` has left.
    ///
    /// - Throws: `CoreError` `.notFound` when it no longer exists.
    public func timeRemaining(ofSandbox sandboxID: String, now: Date = Date()) async throws -> Duration {
        try await client.sandbox(sandboxID).timeRemaining(now: now)
    }

    /// Sets task `id`'s sandbox to end `seconds` from now (default: `options.sandboxTimeout`).
    ///
    /// - Returns: false when the task has no sandbox.
    @discardableResult
    public func extendTimeout(for id: TaskID, seconds: Int? = nil) async throws -> Bool {
        guard let sandbox = try await sandbox(for: id) else { return false }
        try await client.setTimeout(sandbox.sandboxID, seconds: seconds ?? options.sandboxTimeout)
        return true
    }

    /// Kills task `id`'s sandbox (and every process in it). Nothing happens when it has none.
    public func removeSandbox(for id: TaskID) async throws {
        var ids = Set<String>()
        if let known = registry.sandbox(of: id) { ids.insert(known) }
        for listed in try await client.listSandboxes(metadata: [E2BClient.taskMetadataKey: id.rawValue]) {
            ids.insert(listed.sandboxID)
        }
        for sandboxID in ids.sorted() {
            try await client.killSandbox(sandboxID)
            registry.forget(sandboxID)
        }
    }

    /// Kills the sandbox `workspace` names.
    ///
    /// - Returns: false when it was already gone.
    @discardableResult
    public func killSandbox(_ sandbox: E2BSandboxReference) async throws -> Bool {
        defer { registry.forget(sandbox.sandboxID) }
        return try await client.killSandbox(sandbox.sandboxID)
    }

    // MARK: - envd

    /// The envd client of sandbox `sandboxID` (credentials from the registry, or looked up).
    ///
    /// - Throws: `CoreError` `.notFound` when the sandbox no longer exists.
    public func envdClient(for sandboxID: String) async throws -> EnvdClient {
        let access: E2BSandboxRegistry.Access
        if let known = registry.access(sandboxID) {
            access = known
        } else {
            let detail = try await client.sandbox(sandboxID)
            access = E2BSandboxRegistry.Access(
                sandboxID: sandboxID, accessToken: detail.envdAccessToken, domain: detail.domain,
                envdVersion: detail.envdVersion)
            registry.remember(access)
        }
        return envdClient(for: access)
    }

    func envdClient(for access: E2BSandboxRegistry.Access) -> EnvdClient {
        let endpoint = EnvdEndpoint.resolve(
            sandboxID: access.sandboxID, domain: access.domain ?? options.domain, accessToken: access.accessToken,
            override: options.envdURL)
        // envd before 0.4.0 has no default user.
        let user = options.user ?? (Self.version(access.envdVersion, isBefore: [0, 4, 0]) ? "user" : nil)
        return EnvdClient(
            endpoint: endpoint, sandboxID: access.sandboxID, user: user, transport: envdTransport, streaming: streaming)
    }

    /// Whether dotted version `text` is before `reference` (an unparsable one is not).
    static func version(_ text: String, isBefore reference: [Int]) -> Bool {
        let parts = text.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard !parts.isEmpty, text.first?.isNumber == true else { return false }
        for index in 0..<max(parts.count, reference.count) {
            let a = index < parts.count ? parts[index] : 0
            let b = index < reference.count ? reference[index] : 0
            if a != b { return a < b }
        }
        return false
    }
}
