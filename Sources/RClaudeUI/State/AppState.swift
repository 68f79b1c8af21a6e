import Foundation
import RClaudeCore

/// Everything the TUI shows, as one value. The reducer changes it; views only read it.
///
/// Domain data (`tasks`) is kept apart from each pane's view state (`dashboard`, `detail`,
/// `terminals`, `files`), ratatui's `ListState` idea.
public struct AppState: Sendable {
    // MARK: - Environment

    /// The window size.
    public var size: Size
    /// The time, as of the last tick (tests fix it).
    public var now: Date
    /// The current theme.
    public var theme: Theme
    /// The themes `t` cycles through.
    public var themes: [Theme]
    /// Key bindings.
    public var keymap: Keymap
    /// The key that detaches an attached terminal pane.
    public var detachKey: DetachKey

    // MARK: - Tasks

    /// Every task, newest first, as last loaded.
    public var tasks: [TaskRecord] = []
    /// Remote providers and how they are reachable (shown in the header).
    public var providers: [ProviderStatus] = []
    /// How the user's terminal is told about finished tasks and tasks that need them.
    public var notify = NotificationMode.off
    /// The task of the latest notice (the jump key selects it).
    public var lastNotified: TaskID?
    /// Whether the first load finished.
    public var hasLoaded = false
    /// Problems met while loading (damaged records).
    public var loadProblems: [String] = []
    /// When the task list was last requested.
    public var lastPoll: Date?

    // MARK: - Panes

    /// The pane with the keyboard.
    public var focus = PaneID.dashboard
    /// The pane shown under the dashboard in narrow windows.
    public var lowerPane = PaneID.detail
    /// The pane beside the detail in wide windows (terminal or files).
    public var sidePane = PaneID.terminal
    /// Whether the focused pane fills the window.
    public var zoomed = false
    /// The task list.
    public var dashboard = DashboardState()
    /// The selected task's events.
    public var detail = TaskDetailState()
    /// Open terminals by task.
    public var terminals: [TaskID: TerminalPaneState] = [:]
    /// The task whose terminal has the keyboard, if attached.
    public var attached: TaskID?
    /// A task whose terminal should be attached as soon as it opens.
    public var pendingAttach: TaskID?
    /// The file browser.
    public var files = FileBrowserState()

    // MARK: - Modal input and messages

    /// The overlay, if one is open.
    public var overlay: Overlay?
    /// The bottom-line input, if one is open.
    public var prompt: PromptLine?
    /// The bottom-bar message.
    public var flash: Flash?
    /// Actions waiting for the service (shown with a spinner): description by token.
    public var activities: [Int: String] = [:]
    /// The next activity token.
    public var nextActivity = 1
    /// Set when the app should exit.
    public var shouldQuit = false

    /// Creates the initial state.
    /// - Parameters:
    ///   - size: The window size.
    ///   - now: The time.
    ///   - theme: The theme to start with.
    ///   - themes: The themes `t` cycles through (the start theme is added when missing).
    ///   - keymap: Key bindings.
    ///   - detachKey: The key that detaches a terminal pane.
    public init(
        size: Size, now: Date, theme: Theme = .dark, themes: [Theme] = Theme.builtIns, keymap: Keymap = .default,
        detachKey: DetachKey = .default
    ) {
        self.size = size
        self.now = now
        self.theme = theme
        self.themes = themes.contains { $0.name == theme.name } ? themes : [theme] + themes
        self.keymap = keymap
        self.detachKey = detachKey
    }

    /// The selected task.
    public var selectedTask: TaskRecord? { dashboard.selectedTask }

    /// The layout for the current size and focus.
    public var layout: Layout { Layout(self) }

    /// The selected task's terminal, if open.
    public var selectedTerminal: TerminalPaneState? {
        dashboard.selectedID.flatMap { terminals[$0] }
    }

    /// Whether something on screen animates (a spinner), so the clock should tick faster.
    public var isAnimating: Bool {
        !activities.isEmpty || tasks.contains { $0.status == .starting || $0.status == .running }
    }

    /// Counts of tasks per status.
    public var statusCounts: [TaskStatus: Int] {
        var counts: [TaskStatus: Int] = [:]
        for task in tasks { counts[task.status, default: 0] += 1 }
        return counts
    }
}
