/// What the UI and the CLI ask of rclaude: the facade over providers and the cache.
///
/// A local implementation (`LocalTaskService`, RClaudeProviders) runs tasks on this machine; a
/// remote one talks to `rclaude serve`. UI code depends only on this protocol.
public protocol TaskService: Sendable {
    /// Every task, newest first, with lost ones reconciled.
    func list() async throws -> TaskListing
    /// Creates a task and starts it in the background.
    func start(_ spec: TaskSpec) async throws -> TaskRecord
    /// Asks a running task to stop.
    func cancel(_ id: TaskID) async throws
    /// Starts a new task with the same prompt, agent, workspace and options.
    func retry(_ id: TaskID) async throws -> TaskRecord
    /// Deletes an ended task, its logs and its managed workspace.
    func delete(_ id: TaskID) async throws
    /// Sends a follow-up prompt to an ended task (a new turn in the background).
    func sendFollowUp(_ id: TaskID, prompt: String) async throws
    /// Answers the permission request a `waiting` task stopped at: `allow` lets the tool run;
    /// otherwise the agent is told `message`.
    func answerPermission(_ id: TaskID, allow: Bool, message: String?) async throws
    /// Stops a running agent's current turn (the task ends as cancelled; a follow-up continues it).
    func interrupt(_ id: TaskID) async throws
    /// The task's decoded events from the `index`-th on, live until the task ends.
    func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent>
    /// The task's raw output from `offset` on, live until the task ends.
    func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk>
    /// Opens an interactive session on a running interactive task (keys in, output out).
    func openTerminal(_ id: TaskID, size: TerminalSize) async throws -> any TerminalSession
    /// The workspace files of a task.
    func files(_ id: TaskID) async throws -> any FileBrowsing
    /// Brings a `--repo` task's changes into the user's repository as a new branch (`branch`,
    /// or the default), never touching the checked-out branch; returns what was done.
    func pullChanges(_ id: TaskID, branch: String?) async throws -> String
}

extension TaskService {
    /// Services without repositories cannot pull.
    public func pullChanges(_ id: TaskID, branch: String?) async throws -> String {
        throw CoreError(code: .invalidInput, message: "task \(id) has no branch to pull here; use 'rclaude pull' from its repository")
    }
}

/// The tasks, and any problems met while loading them (damaged records).
public struct TaskListing: Sendable {
    /// Newest first.
    public var tasks: [TaskRecord]
    /// Messages to show the user.
    public var problems: [String]
    /// How each remote provider is reachable (empty when only local tasks are listed).
    public var providers: [ProviderStatus]

    /// Creates a listing.
    public init(tasks: [TaskRecord], problems: [String], providers: [ProviderStatus] = []) {
        self.tasks = tasks
        self.problems = problems
        self.providers = providers
    }
}

/// A provider's connection state, as the dashboard shows it.
public struct ProviderStatus: Sendable, Equatable {
    /// How it is doing.
    public enum State: Sendable, Equatable {
        /// Answering.
        case connected
        /// Its streams lost their connection and are retrying.
        case reconnecting(attempt: Int)
        /// Not answering.
        case unreachable
    }
    /// `remote:NAME`, …
    public var provider: String
    /// The state.
    public var state: State
    /// Why, when not connected.
    public var detail: String?

    /// Creates a status.
    public init(provider: String, state: State, detail: String? = nil) {
        self.provider = provider
        self.state = state
        self.detail = detail
    }
}

/// A live interactive session on a task's PTY.
public protocol TerminalSession: Sendable {
    /// Output from the start of the session's log, then live; ends when the program exits.
    var output: AsyncStream<[UInt8]> { get }
    /// Sends keyboard input.
    func send(_ bytes: [UInt8]) async
    /// Resizes the PTY.
    func resize(_ size: TerminalSize) async
    /// Closes the connection (the task keeps running).
    func close() async
}

/// One entry of a workspace directory.
public struct FileEntry: Sendable, Equatable, Codable {
    /// The path relative to the workspace root.
    public var path: String
    /// Whether it is a directory.
    public var isDirectory: Bool
    /// Its size in bytes (files).
    public var size: Int64

    /// Creates an entry.
    public init(path: String, isDirectory: Bool, size: Int64) {
        self.path = path
        self.isDirectory = isDirectory
        self.size = size
    }
}

/// A changed file in the workspace (git status).
public struct FileChange: Sendable, Equatable, Codable {
    /// The two-letter git status code (`M `, `??`, ` D`, …).
    public var status: String
    /// The path relative to the workspace root.
    public var path: String

    /// Creates a change.
    public init(status: String, path: String) {
        self.status = status
        self.path = path
    }
}

/// Reading a task's workspace. Paths are relative to the workspace root and may not leave it.
public protocol FileBrowsing: Sendable {
    /// The entries of a directory (`""` is the root), directories first, then by name.
    func list(_ directory: String) async throws -> [FileEntry]
    /// Up to `limit` bytes of a file.
    func read(_ path: String, limit: Int) async throws -> [UInt8]
    /// The workspace's changed files (empty when it is not a git repository).
    func changes() async throws -> [FileChange]
    /// The diff of one changed file (unified format; for untracked files, the whole file as added).
    func diff(_ path: String) async throws -> String
}

/// Writing into a task's workspace. Paths are relative to the workspace root and may not leave it.
public protocol FileWriting: Sendable {
    /// Replaces (or creates) a file with `bytes`, atomically; parent directories must exist.
    func write(_ path: String, bytes: [UInt8]) async throws
}
