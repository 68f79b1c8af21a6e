import Foundation
import RClaudeCore
import RClaudeTerminal

/// The TUI's logic: `reduce` applies an `Action` to the `AppState` and returns the `Effect`s to run.
///
/// Pure and synchronous (bubbletea's `Update`): no I/O, no clock, no randomness. Input goes, in
/// order, to an attached terminal, an open overlay, the bottom-line prompt, the focused pane, and
/// finally the key bindings of `Keymap`.
public enum AppReducer {
    /// The most bytes of a file the preview reads.
    public static let previewLimit = 256 * 1024
    /// How often the task list is reloaded, in seconds (with few tasks).
    public static let pollInterval = 0.5

    /// How often the task list is reloaded for `count` tasks: every half second, slower past
    /// 2,000 tasks (2.5 s at 10,000), so a big history does not keep a core busy.
    public static func pollInterval(forTaskCount count: Int) -> Double { max(pollInterval, Double(count) / 4000) }

    /// Applies an action.
    /// - Parameters:
    ///   - state: The state to update.
    ///   - action: What happened.
    /// - Returns: Effects to carry out, in order.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .input(let event):
            return handleInput(&state, event)
        case .tick(let date):
            state.now = date
            if let flash = state.flash, date.timeIntervalSince(flash.shownAt) >= flash.lifetime { state.flash = nil }
            let interval = pollInterval(forTaskCount: state.tasks.count)
            if let last = state.lastPoll, date.timeIntervalSince(last) < interval, date >= last { return [] }
            state.lastPoll = date
            return [.loadTasks]
        case .tasksLoaded(let listing):
            return tasksLoaded(&state, listing)
        case .tasksFailed(let message):
            setFlash(&state, "cannot load tasks: \(message)", .error)
            return []
        case .eventsReceived(let id, let generation, let events):
            eventsReceived(&state, id, generation, events)
            return []
        case .eventsFinished(let id, let generation):
            if state.detail.taskID == id && state.detail.generation == generation { state.detail.isComplete = true }
            return []
        case .terminalOpened(let id):
            return terminalOpened(&state, id)
        case .terminalOutput(let id, let bytes):
            return terminalOutput(&state, id, bytes)
        case .terminalClosed(let id, let reason):
            return terminalClosed(&state, id, reason)
        case .filesListed(let id, let directory, let entries):
            guard state.files.taskID == id else { return [] }
            state.files.directories[directory] = entries
            state.files.error = nil
            clampFiles(&state)
            return []
        case .fileRead(let id, let path, let bytes):
            guard state.files.taskID == id, state.files.preview?.path == path else { return [] }
            state.files.preview = FilePreviewBuilder.file(path: path, bytes: bytes, limit: previewLimit)
            return []
        case .changesLoaded(let id, let changes):
            guard state.files.taskID == id else { return [] }
            state.files.changes = changes
            state.files.changesLoaded = true
            clampFiles(&state)
            return []
        case .diffLoaded(let id, let path, let diff):
            guard state.files.taskID == id, state.files.preview?.path == path else { return [] }
            state.files.preview = FilePreviewBuilder.diff(path: path, text: diff)
            return []
        case .filesFailed(let id, let message):
            guard state.files.taskID == id else { return [] }
            state.files.error = message
            if var preview = state.files.preview, preview.kind == .loading {
                preview.kind = .error(message)
                state.files.preview = preview
            }
            return []
        case .taskStarted(let record, let activity, let message):
            return taskStarted(&state, record, activity, message)
        case .actionSucceeded(let message, let activity):
            state.activities[activity] = nil
            setFlash(&state, message, .success)
            return [.loadTasks]
        case .actionFailed(let message, let activity):
            state.activities[activity] = nil
            setFlash(&state, message, .error)
            return [.loadTasks]
        }
    }

    // MARK: - Shared helpers

    /// Shows a message in the bottom bar.
    static func setFlash(_ state: inout AppState, _ message: String, _ kind: Flash.Kind) {
        state.flash = Flash(message: TextLayout.sanitize(message), kind: kind, shownAt: state.now)
    }

    /// Starts a spinner entry and returns its token.
    static func beginActivity(_ state: inout AppState, _ description: String) -> Int {
        let token = state.nextActivity
        state.nextActivity += 1
        state.activities[token] = description
        return token
    }

    /// The inside of a pane in the current layout, if it is visible.
    static func innerRect(_ state: AppState, _ pane: PaneID) -> Rect? {
        state.layout.panes[pane].map(Layout.inner)
    }

    /// Moves the keyboard to a pane, remembering it as the lower or side pane.
    static func focus(_ state: inout AppState, _ pane: PaneID) -> [Effect] {
        state.focus = pane
        if pane != .dashboard { state.lowerPane = pane }
        if pane == .terminal || pane == .files { state.sidePane = pane }
        return paneContentEffects(&state)
    }

    /// After selection, focus, size or zoom changed: keeps every visible pane fed and sized.
    static func paneContentEffects(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        clampDashboard(&state)
        effects += syncDetailSubscription(&state)
        refreshDetailLines(&state)
        effects += syncTerminal(&state)
        effects += syncFiles(&state)
        return effects
    }

    // MARK: - Tasks

    static func tasksLoaded(_ state: inout AppState, _ listing: TaskListing) -> [Effect] {
        let previousIndex = state.dashboard.selectedIndex
        if !listing.problems.isEmpty && listing.problems != state.loadProblems, let first = listing.problems.first {
            setFlash(
                &state, first + (listing.problems.count > 1 ? " (+\(listing.problems.count - 1) more)" : ""), .error)
        }
        state.loadProblems = listing.problems
        state.providers = listing.providers
        var notices: [Effect] = []
        if state.hasLoaded {
            let before = Dictionary(state.tasks.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
            for task in listing.tasks {
                guard let old = before[task.id], let message = NotificationMode.message(for: task, from: old) else { continue }
                state.lastNotified = task.id
                if state.notify != .off { notices.append(.notify(message)) }
            }
        }
        state.tasks = listing.tasks
        state.hasLoaded = true
        refreshVisible(&state, previousIndex: previousIndex)
        var effects = paneContentEffects(&state) + notices
        if let task = state.selectedTask, state.detail.taskID == task.id, state.detail.isComplete, task.status.isActive
        {
            state.detail.generation += 1
            state.detail.isComplete = false
            effects.append(
                .subscribeEvents(task.id, from: state.detail.events.count, generation: state.detail.generation))
        }
        return effects
    }

    /// Recomputes the dashboard's visible tasks and keeps a sensible selection.
    static func refreshVisible(_ state: inout AppState, previousIndex: Int?) {
        let filtered = state.dashboard.filter.isEmpty ? state.tasks : state.tasks.filter(state.dashboard.filter.matches)
        state.dashboard.visible = state.dashboard.sort.sorted(filtered, now: state.now)
        if state.dashboard.selectedIndex == nil {
            if state.dashboard.visible.isEmpty {
                state.dashboard.selectedID = nil
            } else {
                let index = min(previousIndex ?? 0, state.dashboard.visible.count - 1)
                state.dashboard.selectedID = state.dashboard.visible[index].id
            }
        }
        clampDashboard(&state)
    }

    static func dashboardPageSize(_ state: AppState) -> Int {
        max(1, (innerRect(state, .dashboard)?.height ?? 2) - 1)
    }

    /// Keeps the selected row on screen.
    static func clampDashboard(_ state: inout AppState) {
        let page = dashboardPageSize(state)
        let count = state.dashboard.visible.count
        var offset = min(state.dashboard.scrollOffset, max(0, count - page))
        if let index = state.dashboard.selectedIndex {
            if index < offset { offset = index }
            if index >= offset + page { offset = index - page + 1 }
        }
        state.dashboard.scrollOffset = max(0, offset)
    }

    static func taskStarted(_ state: inout AppState, _ record: TaskRecord, _ activity: Int, _ message: String)
        -> [Effect]
    {
        let attach = state.activities[activity]?.hasPrefix("opening a shell") == true
        state.activities[activity] = nil
        setFlash(&state, message, .success)
        if !state.tasks.contains(where: { $0.id == record.id }) { state.tasks.insert(record, at: 0) }
        state.dashboard.selectedID = record.id
        refreshVisible(&state, previousIndex: nil)
        if state.dashboard.selectedID != record.id, !state.dashboard.filter.isEmpty {
            state.dashboard.filter = TaskFilter()
            state.dashboard.selectedID = record.id
            refreshVisible(&state, previousIndex: nil)
        }
        var effects: [Effect] = [.loadTasks]
        if attach {
            state.pendingAttach = record.id
            effects += focus(&state, .terminal)
        } else {
            effects += paneContentEffects(&state)
        }
        return effects
    }
}
