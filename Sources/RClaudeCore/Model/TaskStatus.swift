/// Where a task is in its lifecycle.
///
/// `queued → starting → running → succeeded | failed | cancelled`. The last three are terminal
/// until a follow-up prompt re-queues the task (see `TaskLifecycleStateMachine`).
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case starting
    case running
    case succeeded
    case failed
    case cancelled

    /// Whether the task has ended (successfully or not).
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: return true
        case .queued, .starting, .running: return false
        }
    }

    /// Whether the task still holds (or is about to hold) a process.
    public var isActive: Bool { !isTerminal }
}
