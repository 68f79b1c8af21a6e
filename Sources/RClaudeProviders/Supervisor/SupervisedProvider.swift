import RClaudeCore

/// A process the supervisor can steer: output, exit, signals, keyboard input and resizes, and a
/// stdin that closes when a conversation is over.
public protocol SupervisedProcess: SandboxProcess, InteractiveTerminal {
    /// Closes stdin (idempotent).
    func closeInput()
    /// The exit status, once the process has exited.
    var exitIfDone: ProcessExit? { get }
}

/// A provider the task supervisor can run turns on: the local machine or a container.
public protocol SupervisedProvider: SandboxProvider {
    /// The program that runs `agent`, as the sandbox sees it.
    func locateAgent(_ agent: AgentKind) throws -> String
    /// Starts `command` in `workspace` (under a terminal of `terminal`'s size when given).
    func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SupervisedProcess
}

extension LocalProcess: SupervisedProcess {}

extension DockerExecProcess: SupervisedProcess {}

extension LocalProvider: SupervisedProvider {
    public func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SupervisedProcess
    {
        try spawn(command, in: workspace, terminal: terminal)
    }
}

extension DockerProvider: SupervisedProvider {
    /// Agents are looked up on the container's PATH.
    public func locateAgent(_ agent: AgentKind) throws -> String {
        switch agent {
        case .shell: "/bin/sh"
        case .claude: "claude"
        case .codex: "codex"
        case .gemini: "gemini"
        }
    }

    public func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SupervisedProcess
    {
        try await start(command, in: try DockerSandbox(reference: workspace.path), terminal: terminal)
    }
}
