/// The four panes, numbered as the `1`–`4` keys select them.
public enum PaneID: Int, CaseIterable, Sendable, Hashable {
    /// The task list.
    case dashboard = 1
    /// The selected task's events.
    case detail = 2
    /// The selected task's terminal.
    case terminal = 3
    /// The selected task's workspace files.
    case files = 4

    /// The pane's title.
    public var title: String {
        switch self {
        case .dashboard: return "Tasks"
        case .detail: return "Detail"
        case .terminal: return "Terminal"
        case .files: return "Files"
        }
    }

    /// The next pane for Tab (`forward`) or Shift-Tab.
    public func next(forward: Bool) -> PaneID {
        let all = PaneID.allCases
        let i = all.firstIndex(of: self) ?? 0
        return all[(i + (forward ? 1 : all.count - 1)) % all.count]
    }
}
