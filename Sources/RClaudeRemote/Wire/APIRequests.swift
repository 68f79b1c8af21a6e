import RClaudeCore

/// `POST /api/tasks`: what to run.
public struct CreateTaskRequest: Codable, Sendable, Equatable {
    /// The prompt (or shell command for the `shell` agent).
    public var prompt: String
    /// `claude` (default), `shell`, …
    public var agent: String?
    /// The model, for agents that take one.
    public var model: String?
    /// The agent's permission mode.
    public var permissionMode: String?
    /// Tools the agent may use without asking.
    public var allowedTools: [String]?
    /// The most turns the agent may take.
    public var maxTurns: Int?
    /// Whether to run the agent's own interactive UI under a terminal.
    public var interactive: Bool?
    /// The terminal size an interactive task starts with.
    public var rows: Int?
    /// The terminal size an interactive task starts with.
    public var cols: Int?
    /// Extra environment variables for the agent (kept in memory only, never stored).
    public var environment: [String: String]?
    /// A repository uploaded with `POST /api/repositories`: the agent works on a branch
    /// `rclaude/<id>` of it, from `baseCommit`.
    public var repository: String?
    /// The commit of `repository` the agent's branch starts from.
    public var baseCommit: String?
    /// Labels, for the dashboard.
    public var labels: [String]?

    /// The fields a request may carry; any other is refused.
    public static let fields: Set<String> = [
        "prompt", "agent", "model", "permissionMode", "allowedTools", "maxTurns", "interactive", "rows", "cols",
        "environment", "repository", "baseCommit", "labels",
    ]

    /// Creates a request.
    public init(
        prompt: String, agent: String? = nil, model: String? = nil, permissionMode: String? = nil,
        allowedTools: [String]? = nil, maxTurns: Int? = nil, interactive: Bool? = nil, rows: Int? = nil, cols: Int? = nil,
        environment: [String: String]? = nil, repository: String? = nil, baseCommit: String? = nil, labels: [String]? = nil
    ) {
        self.repository = repository
        self.baseCommit = baseCommit
        self.labels = labels
        self.prompt = prompt
        self.agent = agent
        self.model = model
        self.permissionMode = permissionMode
        self.allowedTools = allowedTools
        self.maxTurns = maxTurns
        self.interactive = interactive
        self.rows = rows
        self.cols = cols
        self.environment = environment
    }
}

/// `POST /api/tasks/{id}/messages`: a follow-up prompt.
public struct FollowUpRequest: Codable, Sendable, Equatable {
    /// The prompt.
    public var prompt: String
    /// The fields a request may carry.
    public static let fields: Set<String> = ["prompt"]

    /// Creates a request.
    public init(prompt: String) { self.prompt = prompt }
}

/// `POST /api/tasks/{id}/permission`: the answer to the request a waiting task stopped at.
public struct PermissionAnswerRequest: Codable, Sendable, Equatable {
    /// Whether the tool may run.
    public var allow: Bool
    /// What the agent is told when it may not.
    public var message: String?
    /// The fields a request may carry.
    public static let fields: Set<String> = ["allow", "message"]

    /// Creates an answer.
    public init(allow: Bool, message: String? = nil) {
        self.allow = allow
        self.message = message
    }
}

/// `POST /api/sessions`: an interactive shell on the host.
public struct CreateSessionRequest: Codable, Sendable, Equatable {
    /// The command the terminal runs (default: the user's shell).
    public var command: String?
    /// The terminal size.
    public var rows: Int?
    /// The terminal size.
    public var cols: Int?
    /// The fields a request may carry.
    public static let fields: Set<String> = ["command", "rows", "cols"]

    /// Creates a request.
    public init(command: String? = nil, rows: Int? = nil, cols: Int? = nil) {
        self.command = command
        self.rows = rows
        self.cols = cols
    }
}

/// `POST /api/sessions/{id}/execute`: a one-off command in the session's workspace.
public struct ExecuteRequest: Codable, Sendable, Equatable {
    /// The command, run by `sh -c`.
    public var command: String
    /// Seconds before the command is killed (default 60, at most 3600).
    public var timeoutSeconds: Int?
    /// The fields a request may carry.
    public static let fields: Set<String> = ["command", "timeoutSeconds"]

    /// Creates a request.
    public init(command: String, timeoutSeconds: Int? = nil) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }
}
