/// Whether a sandbox's task still runs, and why not when it does not.
public struct ECSSandboxHealth: Sendable, Equatable, CustomStringConvertible {
    /// Whether the task is RUNNING and meant to be.
    public var isRunning: Bool
    /// ECS's `lastStatus`; nil when ECS no longer knows the task.
    public var lastStatus: String?
    /// ECS's `desiredStatus`.
    public var desiredStatus: String?
    /// Why it is not running (stop code, stopped reason, container reasons), when it is not.
    public var reason: String?

    /// Creates a health value.
    public init(isRunning: Bool, lastStatus: String?, desiredStatus: String? = nil, reason: String? = nil) {
        self.isRunning = isRunning
        self.lastStatus = lastStatus
        self.desiredStatus = desiredStatus
        self.reason = reason
    }

    /// `RUNNING`, or the status and reason.
    public var description: String {
        if isRunning { return "RUNNING" }
        return (lastStatus ?? "gone") + (reason.map { ": \($0)" } ?? "")
    }
}
