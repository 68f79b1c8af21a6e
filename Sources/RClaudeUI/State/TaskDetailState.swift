import RClaudeCore

/// The task detail's state: the selected task's events and the view over them.
public struct TaskDetailState: Sendable, Equatable {
    /// The task whose events these are.
    public var taskID: TaskID?
    /// Identifies the current event subscription; events from an older one are ignored.
    public var generation = 0
    /// The events received so far.
    public var events: [AgentEvent] = []
    /// Whether the event stream ended (the task finished).
    public var isComplete = false
    /// Events shown unfolded.
    public var expanded: Set<Int> = []
    /// The lines for `linesWidth` columns (rebuilt when events, folding or the width change).
    public var lines: [DetailLine] = []
    /// The width `lines` were built for.
    public var linesWidth = 0
    /// The line the cursor is on.
    public var cursor = 0
    /// The first visible line.
    public var scrollTop = 0
    /// Whether new lines move the cursor to the bottom (off when the user scrolls up; `G` resumes).
    public var follow = true
    /// The search text (`/`), if any.
    public var search: String?
    /// Lines that match `search`.
    public var matches: [Int] = []

    /// Creates an empty detail state.
    public init() {}
}
