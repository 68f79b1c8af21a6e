import RClaudeCore
import RClaudeTerminal

/// One task's terminal: an emulator fed with the task's PTY (interactive tasks) or with its
/// output log (read-only), and how it is connected.
public struct TerminalPaneState: Sendable {
    /// Where the bytes come from.
    public enum Source: Sendable, Equatable {
        /// The task's interactive PTY: keys can be sent.
        case session
        /// The task's output log, shown read-only.
        case outputLog
    }

    /// The connection's state.
    public enum Connection: Sendable, Equatable {
        /// Opening.
        case connecting
        /// Live.
        case open
        /// Ended, with a reason when it failed.
        case closed(String?)
    }

    /// The task.
    public var taskID: TaskID
    /// The emulator holding the screen and scrollback.
    public var emulator: Emulator
    /// Where the bytes come from.
    public var source: Source
    /// The connection's state.
    public var connection: Connection = .connecting
    /// Lines scrolled back (0 shows the live screen).
    public var scrollBack = 0
    /// The window title the program set.
    public var title = ""

    /// Creates a terminal for `taskID` of `size`.
    public init(taskID: TaskID, size: Size, source: Source) {
        self.taskID = taskID
        self.emulator = Emulator(cols: max(1, size.width), rows: max(1, size.height))
        self.source = source
        if source == .outputLog {
            // A log of pipe output has bare line feeds: new-line mode makes each one start a new line.
            emulator.feed("\u{1b}[20h")
        }
    }

    /// Whether keys can be sent.
    public var acceptsInput: Bool { source == .session && connection == .open }
}
