import Foundation
import RClaudeCore
import RClaudeTerminal

// Overlays (help, confirmations, the new-task form, the follow-up prompt), the bottom-line prompt
// (`/` filter and search, `:` commands) and the command language.

extension AppReducer {
    static func handleOverlayKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        guard let overlay = state.overlay else { return [] }
        switch overlay {
        case .help:
            state.overlay = nil
            return []
        case .confirm(let confirmation):
            switch key.key {
            case .character("y"), .character("Y"), .enter:
                state.overlay = nil
                return confirm(&state, confirmation.intent)
            case .character("n"), .character("N"), .escape, .character("q"):
                state.overlay = nil
                setFlash(&state, "nothing done", .info)
                return []
            default:
                return []
            }
        case .followUp(let id, var field):
            switch key.key {
            case .escape:
                state.overlay = nil
                return []
            case .enter:
                let text = field.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { return [] }
                state.overlay = nil
                let token = beginActivity(&state, "sending the follow-up to \(id)…")
                return [.sendFollowUp(id, text, activity: token)]
            default:
                field.handle(key)
                state.overlay = .followUp(id, field)
                return []
            }
        case .newTask(var form):
            let effects = handleFormKey(&state, &form, key)
            if case .newTask = state.overlay { state.overlay = .newTask(form) }
            return effects
        }
    }

    static func handleFormKey(_ state: inout AppState, _ form: inout NewTaskForm, _ key: KeyEvent) -> [Effect] {
        let fields = NewTaskForm.Field.allCases
        func move(_ delta: Int) {
            let i = fields.firstIndex(of: form.focus) ?? 0
            form.focus = fields[(i + delta + fields.count) % fields.count]
        }
        if key == KeyEvent(.escape) {
            state.overlay = nil
            return []
        }
        if key == KeyEvent(.character("s"), modifiers: .control) || (key.key == .enter && form.focus != .prompt)
            || (key.key == .enter && key.modifiers.contains(.alt))
        {
            switch form.spec() {
            case .failure(let error):
                form.error = error.message
                return []
            case .success(let spec):
                state.overlay = nil
                let token = beginActivity(&state, "starting a \(spec.agent.rawValue) task…")
                return [.startTask(spec, activity: token)]
            }
        }
        switch key.key {
        case .tab:
            move(key.modifiers.contains(.shift) ? -1 : 1)
            return []
        case .down where form.focus != .prompt:
            move(1)
            return []
        case .up where form.focus != .prompt:
            move(-1)
            return []
        default:
            break
        }
        form.error = nil
        switch form.focus {
        case .prompt: form.prompt.handle(key)
        case .agent:
            let kinds = AgentKind.allCases
            let index = kinds.firstIndex(of: form.agent) ?? 0
            if [.right, .character(" ")].contains(key.key) {
                form.agent = kinds[(index + 1) % kinds.count]
            } else if key.key == .left {
                form.agent = kinds[(index + kinds.count - 1) % kinds.count]
            } else if case .character(let c) = key.key {
                if c == "c" { form.agent = .claude }
                if c == "o" { form.agent = .codex }
                if c == "g" { form.agent = .gemini }
                if c == "s" { form.agent = .shell }
            }
        case .interactive:
            if [.left, .right, .character(" "), .character("x")].contains(key.key) { form.interactive.toggle() }
        case .provider: form.provider.handle(key)
        case .workspace: form.workspace.handle(key)
        case .repository: form.repository.handle(key)
        case .model: form.model.handle(key)
        }
        return []
    }

    static func confirm(_ state: inout AppState, _ intent: Confirmation.Intent) -> [Effect] {
        switch intent {
        case .cancel(let id):
            let token = beginActivity(&state, "cancelling \(id)…")
            return [.cancelTask(id, activity: token)]
        case .delete(let id):
            let token = beginActivity(&state, "deleting \(id)…")
            return [.deleteTask(id, activity: token)]
        case .quit:
            return quit(&state)
        }
    }

    static func pasteIntoField(_ state: inout AppState, _ text: String) -> [Effect] {
        if var prompt = state.prompt {
            prompt.field.insert(text)
            state.prompt = prompt
            return promptChanged(&state)
        }
        switch state.overlay {
        case .followUp(let id, var field):
            field.insert(text)
            state.overlay = .followUp(id, field)
        case .newTask(var form):
            switch form.focus {
            case .prompt: form.prompt.insert(text)
            case .provider: form.provider.insert(text)
            case .workspace: form.workspace.insert(text)
            case .repository: form.repository.insert(text)
            case .model: form.model.insert(text)
            case .agent, .interactive: break
            }
            state.overlay = .newTask(form)
        default:
            break
        }
        return []
    }

    // MARK: - Prompt line

    static func handlePromptKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch key.key {
        case .escape:
            state.prompt = nil
            switch prompt.kind {
            case .filter: return applyFilter(&state, "")
            case .search(let pane) where pane == .terminal || pane == .files:
                break
            case .search:
                state.detail.search = nil
                state.detail.matches = []
            case .command: break
            }
            return []
        case .enter:
            state.prompt = nil
            switch prompt.kind {
            case .filter:
                let effects = applyFilter(&state, prompt.field.text)
                if !state.dashboard.filter.isEmpty {
                    setFlash(&state, "\(state.dashboard.visible.count) of \(state.tasks.count) tasks match", .info)
                }
                return effects
            case .search(let pane) where pane == .terminal || pane == .files:
                let text = prompt.field.text
                guard !text.isEmpty else { return [] }
                if pane == .terminal { searchTerminal(&state, text) } else { searchPreview(&state, text) }
                return []
            case .search:
                let text = prompt.field.text
                state.detail.search = text.isEmpty ? nil : text
                updateMatches(&state)
                if !text.isEmpty { jumpToMatch(&state, forward: true, includeCurrent: true) }
                return []
            case .command:
                return runCommandLine(&state, prompt.field.text)
            }
        default:
            if key == KeyEvent(.character("c"), modifiers: .control) {
                state.prompt = nil
                return []
            }
            if key.key == .backspace && prompt.field.isEmpty {
                state.prompt = nil
                return prompt.kind == .filter ? applyFilter(&state, "") : []
            }
            prompt.field.handle(key)
            state.prompt = prompt
            return promptChanged(&state)
        }
    }

    /// Live filtering and incremental search while typing.
    static func promptChanged(_ state: inout AppState) -> [Effect] {
        guard let prompt = state.prompt else { return [] }
        switch prompt.kind {
        case .filter: return applyFilter(&state, prompt.field.text)
        case .search(let pane) where pane == .terminal || pane == .files:
            return []  // searched on Enter
        case .search:
            let text = prompt.field.text
            state.detail.search = text.isEmpty ? nil : text
            updateMatches(&state)
            return []
        case .command: return []
        }
    }

    // MARK: - Commands

    /// The commands `:` accepts, for help and completion.
    public static let commandSummary = [
        ("q, quit", "quit"), ("theme NAME", "switch theme"), ("new", "new task"), ("filter TEXT", "filter tasks"),
        ("sort KEY", "newest, oldest, status, cost, duration, agent"),
        ("cancel, retry, delete", "act on the selected task"),
        ("zoom", "zoom the focused pane"), ("help", "show keys"),
    ]

    static func runCommandLine(_ state: inout AppState, _ line: String) -> [Effect] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return [] }
        let argument = words.dropFirst().joined(separator: " ")
        switch name {
        case "q", "q!", "quit", "exit": return quit(&state)
        case "theme":
            guard !argument.isEmpty else {
                setFlash(&state, "themes: " + state.themes.map(\.name).joined(separator: ", "), .info)
                return []
            }
            guard let theme = state.themes.first(where: { $0.name == argument }) else {
                setFlash(
                    &state, "no theme '\(argument)' (have: \(state.themes.map(\.name).joined(separator: ", ")))", .error
                )
                return []
            }
            state.theme = theme
            setFlash(&state, "theme: \(theme.name)", .info)
            return []
        case "new": return run(&state, .newTask)
        case "filter": return applyFilter(&state, argument)
        case "sort":
            guard let sort = TaskSort(rawValue: argument.lowercased()) else {
                setFlash(&state, "sort by one of: " + TaskSort.allCases.map(\.rawValue).joined(separator: ", "), .error)
                return []
            }
            state.dashboard.sort = sort
            refreshVisible(&state, previousIndex: state.dashboard.selectedIndex)
            return paneContentEffects(&state)
        case "cancel": return run(&state, .cancel)
        case "retry": return run(&state, .retry)
        case "delete", "rm": return run(&state, .delete)
        case "zoom": return run(&state, .zoom)
        case "help", "h": return run(&state, .help)
        case "shell": return run(&state, .shell)
        case "attach": return run(&state, .attach)
        default:
            setFlash(&state, "unknown command ':\(name)' (try :q, :theme, :new, :filter, :sort)", .error)
            return []
        }
    }
}
