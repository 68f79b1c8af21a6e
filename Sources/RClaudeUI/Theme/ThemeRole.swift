/// A named part of the UI that a theme gives a style. Themes are written in roles, never in widgets
/// or raw colours, so a view asks for `.statusRunning`, not for "yellow".
///
/// The raw value is the key used in theme files (`themes/*.json`).
public enum ThemeRole: String, CaseIterable, Sendable, Hashable {
    /// Ordinary text.
    case text = "text"
    /// Secondary text: ids, ages, hints.
    case textDim = "text.dim"
    /// Highlighted text.
    case textAccent = "text.accent"
    /// The top line.
    case header = "header"
    /// The application's name in the top line.
    case headerTitle = "header.title"
    /// The border of the focused pane.
    case borderFocused = "pane.border.focused"
    /// The border of the other panes.
    case borderUnfocused = "pane.border.unfocused"
    /// The title of the focused pane.
    case titleFocused = "pane.title.focused"
    /// The titles of the other panes.
    case titleUnfocused = "pane.title.unfocused"
    /// Column headings of lists.
    case listHeader = "list.header"
    /// The selected row of the focused pane.
    case listSelected = "list.selected"
    /// The selected row of a pane without focus.
    case listSelectedUnfocused = "list.selected.unfocused"
    /// A queued task.
    case statusQueued = "status.queued"
    /// A task whose sandbox is starting.
    case statusStarting = "status.starting"
    /// A running task.
    case statusRunning = "status.running"
    /// A task that succeeded.
    case statusSucceeded = "status.succeeded"
    /// A task that failed.
    case statusFailed = "status.failed"
    /// A cancelled task.
    case statusCancelled = "status.cancelled"
    /// Assistant prose in the task detail.
    case eventAssistant = "event.assistant"
    /// The model's visible reasoning.
    case eventThinking = "event.thinking"
    /// A tool call's name.
    case eventTool = "event.tool"
    /// A tool call's key input (command, file path).
    case eventToolInput = "event.tool.input"
    /// A folded tool result.
    case eventResult = "event.result"
    /// Errors and failed results.
    case eventError = "event.error"
    /// Plain output (shell tasks).
    case eventOutput = "event.output"
    /// Standard error output.
    case eventStderr = "event.stderr"
    /// Session start, retries and other bookkeeping lines.
    case eventMeta = "event.meta"
    /// A successful end of a run.
    case eventSuccess = "event.success"
    /// Added lines of a diff.
    case diffAdded = "diff.added"
    /// Removed lines of a diff.
    case diffRemoved = "diff.removed"
    /// Hunk headers of a diff (`@@ … @@`).
    case diffHunk = "diff.hunk"
    /// File headers of a diff.
    case diffHeader = "diff.header"
    /// Unchanged lines of a diff.
    case diffContext = "diff.context"
    /// A directory in the file tree.
    case fileDirectory = "file.directory"
    /// A file in the file tree.
    case fileFile = "file.file"
    /// A changed file.
    case fileChanged = "file.changed"
    /// File sizes.
    case fileSize = "file.size"
    /// Line numbers of a preview.
    case lineNumber = "line.number"
    /// The bottom bar.
    case statusBar = "statusBar"
    /// Key names in the bottom bar.
    case statusBarKey = "statusBar.key"
    /// An informational message in the bottom bar.
    case statusBarInfo = "statusBar.info"
    /// An error message in the bottom bar.
    case statusBarError = "statusBar.error"
    /// A success message in the bottom bar.
    case statusBarSuccess = "statusBar.success"
    /// The bottom bar while keys go to a terminal pane.
    case statusBarAttached = "statusBar.attached"
    /// The inside of dialogs and overlays.
    case dialog = "dialog"
    /// The border of dialogs and overlays.
    case dialogBorder = "dialog.border"
    /// The title of dialogs and overlays.
    case dialogTitle = "dialog.title"
    /// A text field.
    case input = "input"
    /// The text a field shows while empty.
    case inputPlaceholder = "input.placeholder"
    /// A search match.
    case searchMatch = "search.match"
    /// The current search match.
    case searchCurrent = "search.current"
    /// The activity spinner.
    case spinner = "spinner"
}
