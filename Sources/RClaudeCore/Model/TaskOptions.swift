/// Agent options a task was started with. Nothing secret lives here: environment values passed
/// to the agent are never part of a task's record.
public struct TaskOptions: Sendable, Codable, Equatable {
    /// The model alias or id (`--model`), if any.
    public var model: String?
    /// Claude's `--permission-mode` (an open string: CLIs add modes over time).
    public var permissionMode: String?
    /// Claude's `--allowedTools` entries.
    public var allowedTools: [String]
    /// Claude's `--max-turns`.
    public var maxTurns: Int?
    /// Whether the agent runs under a PTY with its own interactive UI.
    public var interactive: Bool
    /// Labels, for routing rules and the dashboard.
    public var labels: [String]
    /// Restart policy: rerun a failed turn up to this many times (`--restart on-failure:N`).
    public var restartOnFailure: Int?
    /// The ref of `--repo` the agent's branch starts from (default: the repository's HEAD).
    public var baseRef: String?

    /// Creates options; all default to "not set".
    public init(
        model: String? = nil, permissionMode: String? = nil, allowedTools: [String] = [], maxTurns: Int? = nil,
        interactive: Bool = false, labels: [String] = [], restartOnFailure: Int? = nil, baseRef: String? = nil
    ) {
        self.labels = labels
        self.restartOnFailure = restartOnFailure
        self.baseRef = baseRef
        self.model = model
        self.permissionMode = permissionMode
        self.allowedTools = allowedTools
        self.maxTurns = maxTurns
        self.interactive = interactive
    }

    private enum CodingKeys: String, CodingKey {
        case model, permissionMode, allowedTools, maxTurns, interactive, labels, restartOnFailure, baseRef
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        permissionMode = try c.decodeIfPresent(String.self, forKey: .permissionMode)
        allowedTools = try c.decodeIfPresent([String].self, forKey: .allowedTools) ?? []
        maxTurns = try c.decodeIfPresent(Int.self, forKey: .maxTurns)
        interactive = try c.decodeIfPresent(Bool.self, forKey: .interactive) ?? false
        labels = try c.decodeIfPresent([String].self, forKey: .labels) ?? []
        restartOnFailure = try c.decodeIfPresent(Int.self, forKey: .restartOnFailure)
        baseRef = try c.decodeIfPresent(String.self, forKey: .baseRef)
    }
}
