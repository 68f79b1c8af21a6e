import RClaudeTerminal

/// The real terminal, seen by the app loop: draw frames, read input.
///
/// `CursesBackend` (RClaudeCurses) is the live implementation; `TestBackend` (RClaudeTestSupport)
/// records frames and replays scripted input.
public protocol TerminalBackend: Sendable {
    /// The window size now.
    var size: Size { get async }
    /// User input, including window resizes; ends when the terminal goes away.
    var events: AsyncStream<InputEvent> { get }
    /// Shows a frame; the backend draws only what changed since the last one.
    /// - Parameters:
    ///   - frame: The full screen.
    ///   - cursor: Where to show the cursor, or nil to hide it.
    func present(_ frame: Grid, cursor: (x: Int, y: Int)?) async
    /// Tells the user's terminal something happened: a bell, or an OSC 9 notification with
    /// `message` (already stripped of control characters).
    func notify(_ message: String, mode: NotificationMode) async
}
