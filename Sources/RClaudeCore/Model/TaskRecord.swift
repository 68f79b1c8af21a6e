import Foundation

/// Everything rclaude knows about one task: what was asked, where it ran, how it ended.
///
/// This is the cached, persisted form (one JSON file per task). It never holds secrets:
/// the agent's environment values are not part of it.
public struct TaskRecord: Sendable, Codable, Equatable, Identifiable {
    /// The schema version this build writes. Older records are migrated on load.
    public static let currentSchemaVersion = 1

    /// The schema version of this record.
    public var schemaVersion: Int
    /// The task's id.
    public var id: TaskID
    /// The prompt of the first turn.
    public var prompt: String
    /// Follow-up prompts sent with `rclaude send`, oldest first.
    public var followUps: [String]
    /// The agent.
    public var agent: AgentKind
    /// The provider name.
    public var provider: String
    /// What kind of workspace was asked for.
    public var workspaceSpec: WorkspaceSpec
    /// The resolved workspace directory (set once the sandbox exists).
    public var workspacePath: String?
    /// The git branch of a worktree workspace.
    public var branch: String?
    /// Agent options.
    public var options: TaskOptions
    /// The lifecycle status.
    public var status: TaskStatus
    /// Why the task failed or was cancelled.
    public var reason: String?
    /// When the task was created.
    public var createdAt: Date
    /// When the latest turn started running.
    public var startedAt: Date?
    /// When the task ended.
    public var endedAt: Date?
    /// The agent process's exit code, once it exited.
    public var exitCode: Int32?
    /// Total cost in US dollars reported by the agent over all turns.
    public var costUSD: Double?
    /// Total agent turns over all runs.
    public var turns: Int
    /// Total token usage over all runs.
    public var usage: TokenUsage
    /// The agent's own session id (used to resume with a follow-up).
    public var agentSessionID: String?
    /// The id of the process that supervises the task, while one does.
    public var supervisorPID: Int32?
    /// The process group of the agent, while it runs.
    public var agentProcessGroup: Int32?
    /// Set when a user asked to cancel; the supervisor records the cancellation.
    public var cancelRequestedAt: Date?
    /// Names (never values) of extra environment variables the agent was given.
    public var environmentKeys: [String]
    /// The agent's tool request waiting for the user (status `waiting`).
    public var pendingPermission: PermissionRequest?
    /// The commit the agent's branch started from (`--repo` tasks), for diffs and pulls.
    public var baseCommit: String?
    /// How many times the restart policy reran a failed turn.
    public var restartCount: Int?

    /// Creates the record of a new, queued task.
    public init(id: TaskID, spec: TaskSpec, createdAt: Date) {
        self.schemaVersion = TaskRecord.currentSchemaVersion
        self.id = id
        self.prompt = spec.prompt
        self.followUps = []
        self.agent = spec.agent
        self.provider = spec.provider
        self.workspaceSpec = spec.workspace
        self.workspacePath = nil
        self.branch = nil
        self.options = spec.options
        self.status = .queued
        self.reason = nil
        self.createdAt = createdAt
        self.startedAt = nil
        self.endedAt = nil
        self.exitCode = nil
        self.costUSD = nil
        self.turns = 0
        self.usage = TokenUsage()
        self.agentSessionID = nil
        self.supervisorPID = nil
        self.agentProcessGroup = nil
        self.cancelRequestedAt = nil
        self.environmentKeys = spec.environment.keys.sorted()
        self.pendingPermission = nil
    }

    /// How long the task ran (to now when it is still running).
    public func duration(now: Date) -> TimeInterval? {
        guard let startedAt else { return nil }
        return (endedAt ?? now).timeIntervalSince(startedAt)
    }

    /// The most recent prompt (the first, or the latest follow-up).
    public var latestPrompt: String { followUps.last ?? prompt }
}
