import RClaudeCore

/// `GET /api/tasks`: the tasks, newest first, and problems met while loading them.
public struct TaskListResponse: Codable, Sendable {
    /// The tasks.
    public var tasks: [TaskRecord]
    /// Damaged records and other problems, as messages.
    public var problems: [String]

    /// Creates a response.
    public init(tasks: [TaskRecord], problems: [String]) {
        self.tasks = tasks
        self.problems = problems
    }
}

/// `GET /healthz` and `GET /api/version`.
public struct VersionResponse: Codable, Sendable, Equatable {
    /// Always `ok` when the server answers.
    public var status: String
    /// The server's version.
    public var version: String
    /// The REST API's version.
    public var apiVersion: Int

    /// Creates a response.
    public init(status: String = "ok", version: String, apiVersion: Int) {
        self.status = status
        self.version = version
        self.apiVersion = apiVersion
    }
}

/// `GET /api/tasks/{id}/files?path=`: a directory's entries.
public struct FileListResponse: Codable, Sendable, Equatable {
    /// The directory (`""` is the workspace root).
    public var path: String
    /// Its entries, directories first.
    public var entries: [FileEntry]

    /// Creates a response.
    public init(path: String, entries: [FileEntry]) {
        self.path = path
        self.entries = entries
    }
}

/// `GET /api/tasks/{id}/changes`: the workspace's changed files.
public struct ChangesResponse: Codable, Sendable, Equatable {
    /// The changes.
    public var changes: [FileChange]

    /// Creates a response.
    public init(changes: [FileChange]) { self.changes = changes }
}

/// `GET /api/tasks/{id}/events?from=`: decoded events.
public struct EventsResponse: Codable, Sendable {
    /// The index of the first event in `events`.
    public var from: Int
    /// The events.
    public var events: [AgentEvent]
    /// Whether the task has ended (no more events will come).
    public var finished: Bool

    /// Creates a response.
    public init(from: Int, events: [AgentEvent], finished: Bool) {
        self.from = from
        self.events = events
        self.finished = finished
    }
}

/// `POST /api/sessions/{id}/execute`: how the command ended and what it printed.
public struct ExecuteResponse: Codable, Sendable, Equatable {
    /// The exit code (128 + signal when killed).
    public var exitCode: Int32
    /// Standard output (UTF-8, invalid bytes replaced), cut at the server's limit.
    public var stdout: String
    /// Standard error, likewise.
    public var stderr: String
    /// Whether the command was killed for running past its timeout.
    public var timedOut: Bool
    /// Whether output was cut at the limit.
    public var truncated: Bool

    /// Creates a response.
    public init(exitCode: Int32, stdout: String, stderr: String, timedOut: Bool, truncated: Bool) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.truncated = truncated
    }
}

/// `POST /api/repositories`: the uploaded bundle's id, for `CreateTaskRequest.repository`.
public struct RepositoryUploadResponse: Codable, Sendable, Equatable {
    /// The upload's id.
    public var id: String
    /// Its size in bytes.
    public var bytes: Int
    /// The branch heads the bundle carries.
    public var heads: [String]

    /// Creates a response.
    public init(id: String, bytes: Int, heads: [String]) {
        self.id = id
        self.bytes = bytes
        self.heads = heads
    }
}
