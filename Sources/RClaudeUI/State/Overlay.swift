import RClaudeCore

/// A modal layer over the panes; while one is open it receives every key.
public enum Overlay: Sendable, Equatable {
    /// The keys of the focused pane (`?`).
    case help(PaneID)
    /// A yes/no question before a destructive action.
    case confirm(Confirmation)
    /// The new-task form (`n`).
    case newTask(NewTaskForm)
    /// A follow-up prompt for a task (`p`).
    case followUp(TaskID, TextField)
}
