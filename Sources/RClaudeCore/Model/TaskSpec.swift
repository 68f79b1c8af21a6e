/// What the user asked for when creating a task.
public struct TaskSpec: Sendable, Equatable {
    /// The prompt (for `shell`, the command line).
    public var prompt: String
    /// The agent to run.
    public var agent: AgentKind
    /// The provider name, e.g. `local`.
    public var provider: String
    /// Where the files live.
    public var workspace: WorkspaceSpec
    /// Agent options.
    public var options: TaskOptions
    /// Extra environment for the agent. Never persisted.
    public var environment: [String: String]

    /// Creates a spec.
    public init(
        prompt: String, agent: AgentKind = .claude, provider: String = "local", workspace: WorkspaceSpec = .managed,
        options: TaskOptions = TaskOptions(), environment: [String: String] = [:]
    ) {
        self.prompt = prompt
        self.agent = agent
        self.provider = provider
        self.workspace = workspace
        self.options = options
        self.environment = environment
    }
}
