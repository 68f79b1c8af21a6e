import Foundation
import RClaudeCore

/// Something that happened: user input, time passing, or an answer from the task service.
///
/// Actions are events (past tense or nouns); `AppReducer.reduce` turns them into a new state and
/// `Effect`s to carry out.
public enum Action: Sendable {
    /// The user pressed a key, used the mouse, pasted, or resized the window.
    case input(InputEvent)
    /// Time passed (the clock ticks about once a second, faster while something animates).
    case tick(Date)
    /// The task list was (re)loaded.
    case tasksLoaded(TaskListing)
    /// Loading the task list failed.
    case tasksFailed(String)
    /// Events of the selected task arrived (`generation` names the subscription).
    case eventsReceived(TaskID, generation: Int, [AgentEvent])
    /// The selected task's event stream ended.
    case eventsFinished(TaskID, generation: Int)
    /// A terminal connection opened.
    case terminalOpened(TaskID)
    /// Bytes for a terminal pane arrived.
    case terminalOutput(TaskID, [UInt8])
    /// A terminal connection ended (with a reason when it failed).
    case terminalClosed(TaskID, reason: String?)
    /// A workspace directory was listed.
    case filesListed(TaskID, directory: String, [FileEntry])
    /// A file was read for the preview.
    case fileRead(TaskID, path: String, [UInt8])
    /// The workspace's changed files were loaded.
    case changesLoaded(TaskID, [FileChange])
    /// A file's diff was loaded.
    case diffLoaded(TaskID, path: String, String)
    /// A file browser request failed.
    case filesFailed(TaskID, String)
    /// A task was created (new, retry, shell); `activity` is the spinner token to clear.
    case taskStarted(TaskRecord, activity: Int, message: String)
    /// A task action finished; `activity` is the spinner token to clear.
    case actionSucceeded(String, activity: Int)
    /// A task action failed.
    case actionFailed(String, activity: Int)
}
