/// Where a task is in its lifecycle.
///
/// `queued → starting → running → succeeded | failed | cancelled`. The last three are terminal
/// until a follow-up prompt re-queues the task (see `TaskLifecycleStateMachine`).
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case starting
    case running
    /// Running, and stopped at a permission request: the user must approve or deny ("needs you").
    case waiting
    case succeeded
    case failed
    case cancelled

    /// Whether the task has ended (successfully or not).
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: return true
        case .queued, .starting, .running, .waiting: return false
        }
    }

    /// Whether the task still holds (or is about to hold) a process.
    public var isActive: Bool { !isTerminal }

    /// The word shown to people: the raw value, but "needs you" for `waiting`.
    public var label: String { self == .waiting ? "needs you" : rawValue }
}
