import RClaudeCore

/// Work the reducer asks for; the `EffectRunner` carries it out against the `TaskService` and
/// answers with `Action`s. Effects are imperatives.
public enum Effect: Sendable, Equatable {
    /// Reload the task list.
    case loadTasks
    /// Follow a task's events from `index` on (replacing the previous subscription).
    case subscribeEvents(TaskID, from: Int, generation: Int)
    /// Stop following events.
    case unsubscribeEvents
    /// Open a terminal for a task: its PTY when `interactive`, else its output log (read-only).
    case openTerminal(TaskID, TerminalSize, interactive: Bool)
    /// Send bytes to a task's terminal.
    case sendInput(TaskID, [UInt8])
    /// Resize a task's terminal.
    case resizeTerminal(TaskID, TerminalSize)
    /// Close a task's terminal connection (the task keeps running).
    case closeTerminal(TaskID)
    /// Create and start a task.
    case startTask(TaskSpec, activity: Int)
    /// Cancel a task.
    case cancelTask(TaskID, activity: Int)
    /// Retry a task.
    case retryTask(TaskID, activity: Int)
    /// Delete a task.
    case deleteTask(TaskID, activity: Int)
    /// Send a follow-up prompt.
    case sendFollowUp(TaskID, String, activity: Int)
    /// Answer the permission request a task waits on.
    case answerPermission(TaskID, allow: Bool, activity: Int)
    /// Interrupt a task's running turn.
    case interruptTask(TaskID, activity: Int)
    /// Pull a --repo task's changes into its repository.
    case pullChanges(TaskID, activity: Int)
    /// List a workspace directory.
    case listFiles(TaskID, directory: String)
    /// Read a file for the preview.
    case readFile(TaskID, path: String)
    /// Load the changed files.
    case loadChanges(TaskID)
    /// Load one file's diff.
    case loadDiff(TaskID, path: String)
    /// Tell the user's terminal (bell or OSC 9, as configured).
    case notify(String)
    /// Exit the app.
    case quit
}
