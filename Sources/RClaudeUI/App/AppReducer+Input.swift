import Foundation
import RClaudeCore
import RClaudeTerminal

// Routing input: attached terminal → overlay → prompt line → focused pane → key bindings.

extension AppReducer {
    static func handleInput(_ state: inout AppState, _ event: InputEvent) -> [Effect] {
        switch event {
        case .resize(let size):
            state.size = size
            return paneContentEffects(&state)
        case .paste(let text):
            if let id = state.attached, let terminal = state.terminals[id], terminal.acceptsInput {
                return [.sendInput(id, KeyEncoder.encodePaste(text, modes: terminal.emulator.modes))]
            }
            if state.overlay != nil || state.prompt != nil { return pasteIntoField(&state, text) }
            return []
        case .mouse(let mouse):
            return handleMouse(&state, mouse)
        case .key(let key):
            if let id = state.attached { return handleAttachedKey(&state, key, id) }
            if state.overlay != nil { return handleOverlayKey(&state, key) }
            if state.prompt != nil { return handlePromptKey(&state, key) }
            if state.layout.isTooSmall {
                if state.keymap.command(for: key) == .quit || key == KeyEvent(.character("c"), modifiers: .control) {
                    return quit(&state)
                }
                return []
            }
            return handleKey(&state, key)
        }
    }

    static func handleKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        if key.modifiers.isEmpty, case .character(let c) = key.key, let digit = c.wholeNumberValue,
            let pane = PaneID(rawValue: digit)
        {
            return focus(&state, pane)
        }
        if key == KeyEvent(.character("c"), modifiers: .control) { return quit(&state) }
        let paneResult: [Effect]?
        switch state.focus {
        case .dashboard: paneResult = handleDashboardKey(&state, key)
        case .detail: paneResult = handleDetailKey(&state, key)
        case .terminal: paneResult = handleTerminalKey(&state, key)
        case .files: paneResult = handleFilesKey(&state, key)
        }
        if let paneResult { return paneResult }
        guard let command = state.keymap.command(for: key) else {
            if key == KeyEvent(.escape) {
                if state.zoomed {
                    state.zoomed = false
                    return paneContentEffects(&state)
                }
                if state.focus == .dashboard && !state.dashboard.filter.isEmpty { return applyFilter(&state, "") }
            }
            return []
        }
        return run(&state, command)
    }

    /// Runs a bound command.
    static func run(_ state: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .quit: return quit(&state)
        case .help:
            state.overlay = .help(state.focus)
            return []
        case .command:
            state.prompt = PromptLine(kind: .command, field: TextField())
            return []
        case .search:
            if state.focus == .dashboard {
                state.prompt = PromptLine(kind: .filter, field: TextField(state.dashboard.filter.text))
            } else if state.focus == .terminal || state.focus == .files {
                state.prompt = PromptLine(kind: .search(state.focus), field: TextField(""))
            } else {
                state.prompt = PromptLine(kind: .search(state.focus), field: TextField(state.detail.search ?? ""))
            }
            return []
        case .focusNext: return focus(&state, state.focus.next(forward: true))
        case .focusPrevious: return focus(&state, state.focus.next(forward: false))
        case .zoom:
            state.zoomed.toggle()
            return paneContentEffects(&state)
        case .theme:
            let index = state.themes.firstIndex { $0.name == state.theme.name } ?? -1
            if !state.themes.isEmpty { state.theme = state.themes[(index + 1) % state.themes.count] }
            setFlash(&state, "theme: \(state.theme.name)", .info)
            return []
        case .newTask:
            state.overlay = .newTask(NewTaskForm())
            return []
        case .cancel:
            guard let task = requireTask(&state) else { return [] }
            guard task.status.isActive else {
                setFlash(&state, "task \(task.id) has already ended (\(task.status.rawValue))", .info)
                return []
            }
            state.overlay = .confirm(Confirmation(message: "Cancel task \(task.id)?", intent: .cancel(task.id)))
            return []
        case .retry:
            guard let task = requireTask(&state) else { return [] }
            let token = beginActivity(&state, "retrying \(task.id)…")
            return [.retryTask(task.id, activity: token)]
        case .delete:
            guard let task = requireTask(&state) else { return [] }
            guard task.status.isTerminal else {
                setFlash(
                    &state,
                    "task \(task.id) is \(task.status.rawValue); cancel it first (\(state.keymap.label(.cancel)))",
                    .info)
                return []
            }
            state.overlay = .confirm(
                Confirmation(
                    message: "Delete task \(task.id), its logs and its managed workspace?", intent: .delete(task.id)))
            return []
        case .followUp:
            guard let task = requireTask(&state) else { return [] }
            if task.options.interactive {
                setFlash(
                    &state, "task \(task.id) is interactive: attach (\(state.keymap.label(.attach))) and type instead",
                    .info)
                return []
            }
            guard task.status.isTerminal else {
                setFlash(
                    &state, "task \(task.id) is \(task.status.rawValue); wait for it to end before a follow-up", .info)
                return []
            }
            state.overlay = .followUp(task.id, TextField("", isMultiline: false))
            return []
        case .approve, .deny:
            guard let task = requireTask(&state) else { return [] }
            guard task.status == .waiting, let request = task.pendingPermission else {
                setFlash(&state, "task \(task.id) is not waiting for permission", .info)
                return []
            }
            let allow = command == .approve
            let token = beginActivity(&state, "\(allow ? "approving" : "denying") \(request.toolName) for \(task.id)…")
            return [.answerPermission(task.id, allow: allow, activity: token)]
        case .jump:
            guard let id = state.lastNotified ?? state.tasks.first(where: { $0.status == .waiting })?.id else {
                setFlash(&state, "no task has finished or asked for you yet", .info)
                return []
            }
            if !state.dashboard.visible.contains(where: { $0.id == id }) {
                state.dashboard.filter = TaskFilter()
                refreshVisible(&state, previousIndex: nil)
            }
            state.dashboard.selectedID = id
            state.focus = .detail
            return paneContentEffects(&state)
        case .pull:
            guard let task = requireTask(&state) else { return [] }
            guard case .gitWorktree = task.workspaceSpec, task.startedAt != nil || task.status.isTerminal else {
                setFlash(&state, "task \(task.id) did not start from a repository (--repo); there is no branch to pull", .info)
                return []
            }
            let token = beginActivity(&state, "pulling the changes of \(task.id)…")
            return [.pullChanges(task.id, activity: token)]
        case .interrupt:
            guard let task = requireTask(&state) else { return [] }
            guard task.status == .running || task.status == .waiting else {
                setFlash(&state, "task \(task.id) is \(task.status.label); only a running task can be interrupted", .info)
                return []
            }
            let token = beginActivity(&state, "interrupting \(task.id)…")
            return [.interruptTask(task.id, activity: token)]
        case .attach:
            return attach(&state)
        case .shell:
            guard let task = requireTask(&state) else { return [] }
            guard let path = task.workspacePath else {
                setFlash(&state, "task \(task.id) has no workspace yet", .info)
                return []
            }
            let token = beginActivity(&state, "opening a shell in \(task.id)'s workspace…")
            let spec = TaskSpec(
                prompt: "exec \"${SHELL:-/bin/sh}\" -i", agent: .shell, provider: task.provider,
                workspace: .directory(path: path), options: TaskOptions(interactive: true))
            return [.startTask(spec, activity: token)]
        case .sort:
            state.dashboard.sort = state.dashboard.sort.next
            refreshVisible(&state, previousIndex: state.dashboard.selectedIndex)
            setFlash(&state, "sorted by \(state.dashboard.sort.rawValue)", .info)
            return []
        case .changes:
            if state.focus != .files { _ = focus(&state, .files) }
            return toggleFilesMode(&state) + paneContentEffects(&state)
        }
    }

    static func requireTask(_ state: inout AppState) -> TaskRecord? {
        guard let task = state.selectedTask else {
            setFlash(&state, "no task selected", .info)
            return nil
        }
        return task
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.shouldQuit = true
        let sessions = state.terminals.keys.sorted().map { Effect.closeTerminal($0) }
        return sessions + [.quit]
    }

    // MARK: - Dashboard

    static func selectRow(_ state: inout AppState, _ index: Int) -> [Effect] {
        let visible = state.dashboard.visible
        guard !visible.isEmpty else { return [] }
        let clamped = min(max(0, index), visible.count - 1)
        state.dashboard.selectedID = visible[clamped].id
        return paneContentEffects(&state)
    }

    static func handleDashboardKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect]? {
        let index = state.dashboard.selectedIndex ?? 0
        let page = dashboardPageSize(state)
        switch Navigation.classify(key) {
        case .down(let n): return selectRow(&state, index + n)
        case .up(let n): return selectRow(&state, index - n)
        case .pageDown(let half): return selectRow(&state, index + (half ? max(1, page / 2) : page))
        case .pageUp(let half): return selectRow(&state, index - (half ? max(1, page / 2) : page))
        case .top: return selectRow(&state, 0)
        case .bottom: return selectRow(&state, state.dashboard.visible.count - 1)
        case .activate: return focus(&state, state.lowerPane == .dashboard ? .detail : state.lowerPane)
        default: return nil
        }
    }

    static func applyFilter(_ state: inout AppState, _ text: String) -> [Effect] {
        state.dashboard.filter = TaskFilter(parsing: text)
        refreshVisible(&state, previousIndex: state.dashboard.selectedIndex)
        return paneContentEffects(&state)
    }

    // MARK: - Mouse

    static func handleMouse(_ state: inout AppState, _ mouse: MouseEvent) -> [Effect] {
        if let id = state.attached, let rect = innerRect(state, .terminal), let terminal = state.terminals[id],
            rect.contains(x: mouse.x, y: mouse.y), terminal.emulator.modes.mouseTracking != .none
        {
            var local = mouse
            local.x -= rect.x
            local.y -= rect.y
            let bytes = KeyEncoder.encodeMouse(local, modes: terminal.emulator.modes)
            return bytes.isEmpty ? [] : [.sendInput(id, bytes)]
        }
        guard state.overlay == nil, state.prompt == nil, state.attached == nil else { return [] }
        let layout = state.layout
        guard let pane = layout.pane(atX: mouse.x, y: mouse.y) else { return [] }
        switch mouse.kind {
        case .scrollUp, .scrollDown:
            let delta = mouse.kind == .scrollUp ? -3 : 3
            switch pane {
            case .dashboard: return selectRow(&state, (state.dashboard.selectedIndex ?? 0) + delta)
            case .detail:
                moveDetailCursor(&state, to: state.detail.cursor + delta)
                if delta < 0 { state.detail.follow = false }
                return []
            case .terminal:
                if let id = state.dashboard.selectedID, var terminal = state.terminals[id] {
                    terminal.scrollBack = min(max(0, terminal.scrollBack - delta), terminal.emulator.scrollbackCount)
                    state.terminals[id] = terminal
                }
                return []
            case .files:
                if state.files.previewFocused {
                    scrollPreview(&state, by: delta)
                } else {
                    state.files.selected += delta
                    clampFiles(&state)
                }
                return []
            }
        case .press where mouse.button == .left:
            var effects: [Effect] = state.focus == pane ? [] : focus(&state, pane)
            guard let rect = layout.panes[pane] else { return effects }
            let inner = Layout.inner(rect)
            let row = mouse.y - inner.y
            switch pane {
            case .dashboard:
                let index = state.dashboard.scrollOffset + row - 1
                if row >= 1, index < state.dashboard.visible.count { effects += selectRow(&state, index) }
            case .detail:
                if row >= 1 {
                    state.detail.follow = false
                    moveDetailCursor(&state, to: state.detail.scrollTop + row - 1)
                }
            case .files:
                let listWidth = FileBrowserLayout.listWidth(inner.width)
                if mouse.x - inner.x >= listWidth {
                    state.files.previewFocused = state.files.preview != nil
                } else if row >= 1 {
                    state.files.previewFocused = false
                    state.files.selected = state.files.scrollTop + row - 1
                    clampFiles(&state)
                }
            case .terminal:
                break
            }
            return effects
        default:
            return []
        }
    }
}
