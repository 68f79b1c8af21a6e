import RClaudeCore
import RClaudeTerminal

// The terminal pane: opening the selected task's terminal, feeding the emulator, attaching,
// detaching with the prefix key, sizing the PTY with the pane, scrollback.

extension AppReducer {
    /// The emulator size for the terminal pane, if it is visible.
    static func terminalSize(_ state: AppState) -> Size? {
        innerRect(state, .terminal).map { Size(width: max(1, $0.width), height: max(1, $0.height)) }
    }

    /// Opens the selected task's terminal when the pane shows and resizes it to the pane; closes
    /// read-only terminals of tasks no longer selected.
    static func syncTerminal(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        let selected = state.dashboard.selectedID
        for (id, terminal) in state.terminals where id != selected && terminal.source == .outputLog {
            state.terminals[id] = nil
            effects.append(.closeTerminal(id))
        }
        if let attached = state.attached, attached != selected || terminalSize(state) == nil {
            state.attached = nil
        }
        guard let size = terminalSize(state), let task = state.selectedTask else { return effects }
        if var terminal = state.terminals[task.id] {
            let reopen: Bool
            if case .closed = terminal.connection, terminal.source == .outputLog, task.status.isActive {
                reopen = true
            } else {
                reopen = false
            }
            let wantsSession = task.options.interactive && task.status.isActive && terminal.source == .outputLog
            if reopen || wantsSession {
                state.terminals[task.id] = nil
                effects.append(.closeTerminal(task.id))
            } else {
                if terminal.emulator.cols != size.width || terminal.emulator.rows != size.height {
                    terminal.emulator.resize(cols: size.width, rows: size.height)
                    terminal.scrollBack = min(terminal.scrollBack, terminal.emulator.scrollbackCount)
                    state.terminals[task.id] = terminal
                    if terminal.source == .session {
                        effects.append(.resizeTerminal(task.id, TerminalSize(rows: size.height, cols: size.width)))
                    }
                }
                return effects
            }
        }
        guard task.status != .queued || task.startedAt != nil else { return effects }
        let interactive = task.options.interactive && task.status.isActive
        state.terminals[task.id] = TerminalPaneState(
            taskID: task.id, size: size, source: interactive ? .session : .outputLog)
        effects.append(
            .openTerminal(task.id, TerminalSize(rows: size.height, cols: size.width), interactive: interactive))
        return effects
    }

    static func terminalOpened(_ state: inout AppState, _ id: TaskID) -> [Effect] {
        guard var terminal = state.terminals[id] else { return [.closeTerminal(id)] }
        terminal.connection = .open
        state.terminals[id] = terminal
        if state.pendingAttach == id {
            state.pendingAttach = nil
            return attach(&state)
        }
        return []
    }

    static func terminalOutput(_ state: inout AppState, _ id: TaskID, _ bytes: [UInt8]) -> [Effect] {
        // Moved out of the dictionary and back so the emulator (screen and scrollback) is never copied.
        guard var terminal = state.terminals.removeValue(forKey: id) else { return [] }
        let before = terminal.emulator.scrollbackCount
        let output = terminal.emulator.feed(bytes)
        if terminal.scrollBack > 0 {
            let added = max(0, terminal.emulator.scrollbackCount - before)
            terminal.scrollBack = min(terminal.emulator.scrollbackCount, terminal.scrollBack + added)
        }
        if let title = output.title { terminal.title = title }
        let canReply = terminal.source == .session
        state.terminals[id] = terminal
        return canReply && !output.replies.isEmpty ? [.sendInput(id, output.replies)] : []
    }

    static func terminalClosed(_ state: inout AppState, _ id: TaskID, _ reason: String?) -> [Effect] {
        guard var terminal = state.terminals[id] else { return [] }
        terminal.connection = .closed(reason)
        state.terminals[id] = terminal
        if state.pendingAttach == id { state.pendingAttach = nil }
        if state.attached == id {
            state.attached = nil
            setFlash(
                &state, reason.map { "terminal closed: \($0)" } ?? "the program in the terminal exited",
                reason == nil ? .info : .error)
        } else if let reason, terminal.source == .session {
            setFlash(&state, "terminal: \(reason)", .error)
        }
        return [.loadTasks]
    }

    /// Gives the keyboard to the selected task's terminal (or says why it cannot).
    static func attach(_ state: inout AppState) -> [Effect] {
        guard let task = state.selectedTask else {
            setFlash(&state, "no task selected", .info)
            return []
        }
        var effects: [Effect] = []
        if state.focus != .terminal || state.layout.panes[.terminal] == nil { effects += focus(&state, .terminal) }
        guard let terminal = state.terminals[task.id] else {
            if task.options.interactive && task.status.isActive {
                state.pendingAttach = task.id
                return effects
            }
            setFlash(&state, "task \(task.id) has no terminal yet", .info)
            return effects
        }
        if terminal.source == .outputLog {
            setFlash(
                &state,
                "this task's output is read-only; press \(state.keymap.label(.shell)) for a shell in its workspace",
                .info)
            return effects
        }
        switch terminal.connection {
        case .connecting:
            state.pendingAttach = task.id
        case .open:
            state.attached = task.id
            state.terminals[task.id]?.scrollBack = 0
            setFlash(&state, "attached — keys go to the task; \(state.detachKey.label) detaches", .info)
        case .closed(let reason):
            setFlash(&state, "the terminal is closed" + (reason.map { ": \($0)" } ?? ""), .info)
        }
        return effects
    }

    /// Keys while attached: the prefix key detaches, everything else goes to the task.
    static func handleAttachedKey(_ state: inout AppState, _ key: KeyEvent, _ id: TaskID) -> [Effect] {
        if key == state.detachKey.event {
            state.attached = nil
            setFlash(&state, "detached (the task keeps running)", .info)
            return []
        }
        guard let terminal = state.terminals[id], terminal.acceptsInput else {
            state.attached = nil
            return []
        }
        let bytes = KeyEncoder.encode(key, modes: terminal.emulator.modes)
        state.terminals[id]?.scrollBack = 0
        return bytes.isEmpty ? [] : [.sendInput(id, bytes)]
    }

    static func handleTerminalKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect]? {
        guard let id = state.dashboard.selectedID else { return nil }
        let page = max(1, (terminalSize(state)?.height ?? 2) - 1)
        func scroll(_ delta: Int) {
            guard var terminal = state.terminals[id] else { return }
            terminal.scrollBack = min(max(0, terminal.scrollBack + delta), terminal.emulator.scrollbackCount)
            state.terminals[id] = terminal
        }
        switch Navigation.classify(key) {
        case .activate: return attach(&state)
        case .up(let n): scroll(n)
        case .down(let n): scroll(-n)
        case .pageUp(let half): scroll(half ? page / 2 : page)
        case .pageDown(let half): scroll(-(half ? page / 2 : page))
        case .top: scroll(Int.max / 2)
        case .bottom: scroll(-(Int.max / 2))
        default: return nil
        }
        return []
    }
}
