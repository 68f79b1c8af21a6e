/// A command to run in a sandbox: what the agent launcher decided, before any I/O.
public struct AgentCommand: Sendable, Equatable {
    /// The program (a name looked up on PATH, or a path).
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// Environment variables to set on top of the inherited ones.
    public var environment: [String: String]
    /// Inherited environment variables to remove.
    public var removedEnvironment: [String]
    /// Whether stderr joins stdout (plain commands: one stream in true order).
    public var mergeStderr: Bool
    /// Bytes written to the program's stdin before it is closed (prompts too large for argv).
    public var standardInput: [UInt8]?
    /// Bytes written to the program's stdin first, which then stays open for the supervisor
    /// (agents steered over a stdin protocol); nil when stdin is not kept.
    public var conversationInput: [UInt8]?

    /// Creates a command.
    public init(
        executable: String, arguments: [String], environment: [String: String] = [:], removedEnvironment: [String] = [],
        mergeStderr: Bool = false, standardInput: [UInt8]? = nil, conversationInput: [UInt8]? = nil
    ) {
        self.standardInput = standardInput
        self.conversationInput = conversationInput
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.removedEnvironment = removedEnvironment
        self.mergeStderr = mergeStderr
    }
}

/// A terminal size in character cells.
public struct TerminalSize: Sendable, Equatable, Codable {
    /// Rows.
    public var rows: Int
    /// Columns.
    public var cols: Int

    /// Creates a size.
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
}

/// The workspace a sandbox prepared for a task.
public struct PreparedWorkspace: Sendable, Equatable {
    /// The directory the agent runs in.
    public var path: String
    /// The git branch, for a worktree workspace.
    public var branch: String?
    /// The commit the branch started from (`--repo` tasks).
    public var baseCommit: String?

    /// Creates a prepared workspace.
    public init(path: String, branch: String?, baseCommit: String? = nil) {
        self.path = path
        self.branch = branch
        self.baseCommit = baseCommit
    }
}

/// A chunk of a sandboxed process's output.
public struct ProcessOutput: Sendable, Equatable {
    /// Which stream it came from.
    public enum Stream: String, Sendable { case stdout, stderr }
    /// The stream.
    public var stream: Stream
    /// The bytes.
    public var bytes: [UInt8]

    /// Creates a chunk.
    public init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// How a process ended.
public struct ProcessExit: Sendable, Equatable {
    /// The exit code, or 128 + the signal number.
    public var code: Int32
    /// Whether a signal ended it.
    public var signaled: Bool

    /// Creates an exit status.
    public init(code: Int32, signaled: Bool) {
        self.code = code
        self.signaled = signaled
    }
}

/// A process running in a sandbox.
public protocol SandboxProcess: Sendable {
    /// Its process group (where meaningful), used to cancel from another process.
    var processGroup: Int32? { get }
    /// Its output, ending when the process has closed its output streams.
    var output: AsyncStream<ProcessOutput> { get }
    /// Waits for it to exit.
    func wait() async -> ProcessExit
    /// Sends `signal` to the whole process group.
    func signal(_ signal: Int32)
}

/// A sandboxed process with a terminal: input and window size.
public protocol InteractiveTerminal: Sendable {
    /// Writes keyboard input.
    func write(_ bytes: [UInt8])
    /// Resizes the terminal.
    func resize(_ size: TerminalSize)
}

/// Where tasks run. Every provider prepares a workspace and runs commands in it; optional
/// abilities (interactive terminals, file browsing) are separate protocols.
public protocol SandboxProvider: Sendable {
    /// The provider's name (`local`, `remote:NAME`, `docker`, …).
    var name: String { get }
    /// Creates (or reuses) the task's workspace.
    func prepareWorkspace(for record: TaskRecord) async throws -> PreparedWorkspace
    /// Starts `command` in `workspace`; with `terminal` set, under a PTY of that size.
    func launch(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SandboxProcess
}
