import RClaudeCore

/// A process the supervisor can steer: output, exit, signals, keyboard input and resizes, and a
/// stdin that closes when a conversation is over.
public protocol SupervisedProcess: SandboxProcess, InteractiveTerminal {
    /// Closes stdin (idempotent).
    func closeInput()
    /// The exit status, once the process has exited.
    var exitIfDone: ProcessExit? { get }
}

extension SupervisedProcess {
    /// Writes what `command` gives its stdin up front, for processes that take input over a
    /// stream (containers, cloud sandboxes): a whole prompt (then stdin closes) or a
    /// conversation's first message (stdin stays open). Terminal sessions get nothing.
    public func feedInitialInput(of command: AgentCommand, tty: Bool) {
        guard !tty else { return }
        if let input = command.standardInput {
            write(input)
            closeInput()
        } else if let first = command.conversationInput {
            write(first)
        }
    }
}

/// A provider the task supervisor can run turns on: the local machine or a container.
public protocol SupervisedProvider: SandboxProvider {
    /// The program that runs `agent`, as the sandbox sees it.
    func locateAgent(_ agent: AgentKind) throws -> String
    /// Starts `command` in `workspace` (under a terminal of `terminal`'s size when given).
    func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SupervisedProcess
    /// Like `startSupervised(_:in:terminal:)`, with stdout handed to `stdoutSink` as it is read
    /// (the terminal's output reaches the log and attached clients without a hand-off).
    ///
    /// - Returns: the process, and whether `stdoutSink` takes its stdout (providers that cannot
    ///   pass it on leave stdout in the process's `output`).
    func startSupervised(
        _ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?, stdoutSink: @escaping StdoutSink
    ) async throws -> (process: any SupervisedProcess, sinkTakesStdout: Bool)
    /// Whether the sandbox holding `workspace` is still alive (checked periodically while a turn
    /// runs; a dead one fails the turn with the reason).
    func sandboxHealth(of workspace: PreparedWorkspace) async -> ProviderHealth
}

extension SupervisedProvider {
    /// Providers without a local reading thread leave stdout in the process's `output`.
    public func startSupervised(
        _ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?, stdoutSink: @escaping StdoutSink
    ) async throws -> (process: any SupervisedProcess, sinkTakesStdout: Bool) {
        (try await startSupervised(command, in: workspace, terminal: terminal), false)
    }

    /// Sandboxes that cannot die apart from their process (the local machine) are always healthy.
    public func sandboxHealth(of workspace: PreparedWorkspace) async -> ProviderHealth { .healthy }
}

extension LocalProcess: SupervisedProcess {}

extension DockerExecProcess: SupervisedProcess {}

extension LocalProvider: SupervisedProvider {
    public func startSupervised(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SupervisedProcess
    {
        try spawn(command, in: workspace, terminal: terminal)
    }

    public func startSupervised(
        _ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?, stdoutSink: @escaping StdoutSink
    ) async throws -> (process: any SupervisedProcess, sinkTakesStdout: Bool) {
        (try spawn(command, in: workspace, terminal: terminal, stdoutSink: stdoutSink), true)
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

    /// The task's container must exist and run; a daemon that does not answer is not a verdict.
    public func sandboxHealth(of workspace: PreparedWorkspace) async -> ProviderHealth {
        guard let sandbox = try? DockerSandbox(reference: workspace.path) else { return .healthy }
        do {
            guard let state = try await client.inspectContainer(sandbox.container) else {
                return .unhealthy("its container \(sandbox.container) was removed")
            }
            return state.running ? .healthy : .unhealthy("its container \(sandbox.container) stopped (\(state.status))")
        } catch {
            return .healthy
        }
    }
}
