import RClaudeTerminal

/// The whole screen: header, panes, bottom bar and any overlay.
public struct RootView: View {
    /// Creates the view.
    public init() {}

    /// Renders a complete frame of `state`'s size.
    /// - Parameter state: The state.
    /// - Returns: The frame.
    public static func frame(_ state: AppState) -> Grid {
        var grid = Grid(width: state.size.width, height: state.size.height)
        RootView().render(
            state, area: grid.area, into: &grid, context: RenderContext(theme: state.theme, now: state.now))
        return grid
    }

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let layout = state.layout
        if layout.isTooSmall {
            TooSmallView().render(state, area: area, into: &grid, context: context)
            return
        }
        HeaderView().render(state, area: layout.header, into: &grid, context: context)
        for (pane, rect) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let paneContext = context.focused(state.focus == pane && state.overlay == nil && state.prompt == nil)
            switch pane {
            case .dashboard: DashboardView().render(state, area: rect, into: &grid, context: paneContext)
            case .detail: TaskDetailView().render(state, area: rect, into: &grid, context: paneContext)
            case .terminal: TerminalPaneView().render(state, area: rect, into: &grid, context: paneContext)
            case .files: FileBrowserView().render(state, area: rect, into: &grid, context: paneContext)
            }
        }
        StatusBarView().render(state, area: layout.statusBar, into: &grid, context: context)
        let body = Rect(x: 0, y: 1, width: area.width, height: max(0, area.height - 2))
        switch state.overlay {
        case .help: HelpOverlayView().render(state, area: body, into: &grid, context: context)
        case .confirm, .followUp, .newTask: DialogView().render(state, area: body, into: &grid, context: context)
        case nil: break
        }
    }

    /// Where the real terminal's cursor goes: in the field being edited, or at the attached
    /// terminal's cursor; nil hides it.
    public static func cursor(_ state: AppState) -> (x: Int, y: Int)? {
        let layout = state.layout
        if layout.isTooSmall { return nil }
        if let prompt = state.prompt {
            let prefix = TextLayout.width(" " + prompt.prefix)
            let text = StatusBarView.visibleTail(prompt.field, width: max(0, layout.statusBar.width - prefix - 1))
            guard prompt.field.cursor == prompt.field.characters.count else {
                let before = String(prompt.field.characters[0..<prompt.field.cursor]).replacingOccurrences(
                    of: "\n", with: "⏎")
                let column = min(layout.statusBar.width - 1, prefix + TextLayout.width(before))
                return (column, layout.statusBar.y)
            }
            return (min(layout.statusBar.width - 1, prefix + TextLayout.width(text)), layout.statusBar.y)
        }
        let body = Rect(x: 0, y: 1, width: state.size.width, height: max(0, state.size.height - 2))
        switch state.overlay {
        case .followUp(_, let field):
            let box = body.centered(width: min(body.width - 2, 72), height: min(body.height - 2, 6))
            let inner = box.inset(dx: 2, dy: 1)
            guard !inner.isEmpty else { return nil }
            let text = StatusBarView.visibleTail(field, width: inner.width - 1)
            return (inner.x + min(inner.width - 1, TextLayout.width(text)), inner.y + min(2, inner.height - 1))
        case .newTask(let form):
            let inner = DialogView.formBox(body).inset(dx: 2, dy: 1)
            guard !inner.isEmpty, let rect = DialogView.formRows(inner).fields[form.focus], rect.y < inner.maxY else {
                return nil
            }
            switch form.focus {
            case .agent, .interactive:
                return nil
            case .prompt:
                let location = form.prompt.cursorLocation
                let line = form.prompt.lines.indices.contains(location.line) ? form.prompt.lines[location.line] : ""
                let column = TextLayout.width(String(line.prefix(location.column)))
                let first = max(0, location.line - rect.height + 1)
                return (rect.x + min(max(0, rect.width - 1), column), rect.y + location.line - first)
            default:
                let field = DialogView.field(form, form.focus)
                let text = StatusBarView.visibleTail(field, width: rect.width - 1)
                return (rect.x + min(max(0, rect.width - 1), TextLayout.width(text)), rect.y)
            }
        case .help, .confirm:
            return nil
        case nil:
            break
        }
        if let id = state.attached, let terminal = state.terminals[id], terminal.scrollBack == 0,
            let rect = layout.panes[.terminal].map(Layout.inner), terminal.emulator.cursor.isVisible
        {
            let cursor = terminal.emulator.cursor
            guard cursor.x < rect.width, cursor.y < rect.height else { return nil }
            return (rect.x + cursor.x, rect.y + cursor.y)
        }
        return nil
    }
}
