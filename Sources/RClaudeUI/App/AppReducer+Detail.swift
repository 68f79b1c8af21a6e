import RClaudeCore
import RClaudeTerminal

// The task detail: following the selected task's events, folding, scrolling, search.

extension AppReducer {
    /// Subscribes to the selected task's events when the selection changed.
    static func syncDetailSubscription(_ state: inout AppState) -> [Effect] {
        let selected = state.dashboard.selectedID
        guard selected != state.detail.taskID else { return [] }
        let generation = state.detail.generation + 1
        var detail = TaskDetailState()
        detail.generation = generation
        detail.taskID = selected
        state.detail = detail
        guard let selected else { return [.unsubscribeEvents] }
        return [.subscribeEvents(selected, from: 0, generation: generation)]
    }

    static func detailWidth(_ state: AppState) -> Int? {
        innerRect(state, .detail).map { max(1, $0.width - 1) }
    }

    static func detailPageHeight(_ state: AppState) -> Int {
        max(1, (innerRect(state, .detail)?.height ?? 2) - 1)
    }

    /// Rebuilds the cached lines when the width changed.
    static func refreshDetailLines(_ state: inout AppState) {
        guard let width = detailWidth(state) else { return }
        if width != state.detail.linesWidth {
            rebuildDetailLines(&state, width: width)
        }
        clampDetail(&state)
    }

    static func rebuildDetailLines(_ state: inout AppState, width: Int) {
        let anchor =
            state.detail.lines.indices.contains(state.detail.cursor)
            ? state.detail.lines[state.detail.cursor].eventIndex : nil
        state.detail.lines = DetailLineBuilder.lines(
            for: state.detail.events, expanded: state.detail.expanded, width: width)
        state.detail.linesWidth = width
        if state.detail.follow {
            state.detail.cursor = max(0, state.detail.lines.count - 1)
        } else if let anchor, let line = state.detail.lines.firstIndex(where: { $0.eventIndex == anchor }) {
            state.detail.cursor = line
        }
        updateMatches(&state)
    }

    static func eventsReceived(_ state: inout AppState, _ id: TaskID, _ generation: Int, _ events: [AgentEvent]) {
        guard state.detail.taskID == id, state.detail.generation == generation, !events.isEmpty else { return }
        let first = state.detail.events.count
        state.detail.events.append(contentsOf: events)
        if let width = detailWidth(state), width == state.detail.linesWidth {
            for (offset, event) in events.enumerated() {
                state.detail.lines += DetailLineBuilder.lines(
                    for: event, index: first + offset, expanded: state.detail.expanded.contains(first + offset),
                    width: width)
            }
            updateMatches(&state)
        } else if let width = detailWidth(state) {
            rebuildDetailLines(&state, width: width)
        } else {
            state.detail.linesWidth = 0
        }
        clampDetail(&state)
    }

    /// Keeps the cursor in range and on screen; in follow mode, at the last line.
    static func clampDetail(_ state: inout AppState) {
        let count = state.detail.lines.count
        let page = detailPageHeight(state)
        if state.detail.follow { state.detail.cursor = max(0, count - 1) }
        state.detail.cursor = min(max(0, state.detail.cursor), max(0, count - 1))
        var top = min(state.detail.scrollTop, max(0, count - page))
        if state.detail.cursor < top { top = state.detail.cursor }
        if state.detail.cursor >= top + page { top = state.detail.cursor - page + 1 }
        if state.detail.follow { top = max(0, count - page) }
        state.detail.scrollTop = max(0, top)
    }

    static func moveDetailCursor(_ state: inout AppState, to line: Int) {
        let last = max(0, state.detail.lines.count - 1)
        state.detail.cursor = min(max(0, line), last)
        state.detail.follow = state.detail.cursor >= last
        clampDetail(&state)
    }

    static func handleDetailKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect]? {
        let page = detailPageHeight(state)
        let cursor = state.detail.cursor
        switch Navigation.classify(key) {
        case .down(let n): moveDetailCursor(&state, to: cursor + n)
        case .up(let n):
            moveDetailCursor(&state, to: cursor - n)
            state.detail.follow = false
        case .pageDown(let half): moveDetailCursor(&state, to: cursor + (half ? max(1, page / 2) : page))
        case .pageUp(let half):
            moveDetailCursor(&state, to: cursor - (half ? max(1, page / 2) : page))
            state.detail.follow = false
        case .top:
            state.detail.follow = false
            moveDetailCursor(&state, to: 0)
            state.detail.follow = false
        case .bottom:
            state.detail.follow = true
            clampDetail(&state)
        case .activate:
            toggleFold(&state)
        case .none:
            if key == KeyEvent(.character(" ")) {
                toggleFold(&state)
            } else if state.detail.search != nil, key == KeyEvent(.character("n")) {
                jumpToMatch(&state, forward: true)
            } else if state.detail.search != nil, key == KeyEvent(.character("N")) {
                jumpToMatch(&state, forward: false)
            } else if key == KeyEvent(.escape), state.detail.search != nil {
                state.detail.search = nil
                state.detail.matches = []
            } else {
                return nil
            }
        default:
            return nil
        }
        return []
    }

    static func toggleFold(_ state: inout AppState) {
        guard state.detail.lines.indices.contains(state.detail.cursor) else { return }
        let line = state.detail.lines[state.detail.cursor]
        guard line.isFoldable else { return }
        if state.detail.expanded.contains(line.eventIndex) {
            state.detail.expanded.remove(line.eventIndex)
        } else {
            state.detail.expanded.insert(line.eventIndex)
        }
        let wasFollowing = state.detail.follow
        state.detail.follow = false
        rebuildDetailLines(&state, width: max(1, state.detail.linesWidth))
        if let first = state.detail.lines.firstIndex(where: { $0.eventIndex == line.eventIndex }) {
            state.detail.cursor = first
        }
        state.detail.follow = wasFollowing && state.detail.cursor >= state.detail.lines.count - 1
        clampDetail(&state)
    }

    /// Recomputes the lines matching the search.
    static func updateMatches(_ state: inout AppState) {
        guard let query = state.detail.search?.lowercased(), !query.isEmpty else {
            state.detail.matches = []
            return
        }
        state.detail.matches = state.detail.lines.indices.filter {
            state.detail.lines[$0].text.lowercased().contains(query)
        }
    }

    /// Moves the cursor to the next (or previous) match, wrapping around.
    static func jumpToMatch(_ state: inout AppState, forward: Bool, includeCurrent: Bool = false) {
        let matches = state.detail.matches
        guard !matches.isEmpty else {
            if let query = state.detail.search { setFlash(&state, "no match for '\(query)'", .info) }
            return
        }
        let cursor = state.detail.cursor
        let target: Int
        if forward {
            target = matches.first { includeCurrent ? $0 >= cursor : $0 > cursor } ?? matches[0]
        } else {
            target = matches.last { $0 < cursor } ?? matches[matches.count - 1]
        }
        state.detail.follow = false
        moveDetailCursor(&state, to: target)
        state.detail.follow = false
        if let position = matches.firstIndex(of: target) {
            setFlash(&state, "match \(position + 1) of \(matches.count)", .info)
        }
    }
}
