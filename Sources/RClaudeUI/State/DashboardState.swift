import RClaudeCore

/// The task list's own state: what is shown, in what order, which row is selected.
public struct DashboardState: Sendable, Equatable {
    /// The filter (`/` on the dashboard, `:filter …`).
    public var filter = TaskFilter()
    /// The order (`s` cycles, `:sort …`).
    public var sort = TaskSort.newest
    /// The tasks that pass the filter, in order (recomputed when tasks, filter or order change).
    public var visible: [TaskRecord] = []
    /// The selected task; kept across reloads and re-sorting.
    public var selectedID: TaskID?
    /// The first visible row.
    public var scrollOffset = 0

    /// Creates an empty dashboard state.
    public init() {}

    /// The index of the selected task in `visible`.
    public var selectedIndex: Int? {
        guard let selectedID else { return nil }
        return visible.firstIndex { $0.id == selectedID }
    }

    /// The selected task.
    public var selectedTask: TaskRecord? {
        selectedIndex.map { visible[$0] }
    }
}
