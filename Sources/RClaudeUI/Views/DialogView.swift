import RClaudeCore
import RClaudeTerminal

/// Confirmations, the follow-up prompt and the new-task form, drawn over the panes.
public struct DialogView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        switch state.overlay {
        case .confirm(let confirmation):
            drawConfirm(confirmation, area: area, grid: &grid, theme: context.theme)
        case .followUp(let id, let field):
            drawFollowUp(id, field, area: area, grid: &grid, theme: context.theme)
        case .newTask(let form):
            drawForm(form, area: area, grid: &grid, theme: context.theme)
        default:
            break
        }
    }

    func panel(_ area: Rect, width: Int, height: Int, title: String, footer: String, grid: inout Grid, theme: Theme)
        -> Rect?
    {
        let box = area.centered(width: min(area.width - 2, width), height: min(area.height - 2, height))
        guard box.width >= 5, box.height >= 3 else { return nil }
        grid.fill(box, style: theme[.dialog])
        grid.drawFrame(
            box, style: theme[.dialogBorder], title: [Span(title, .dialogTitle)], theme: theme, footer: footer)
        let inner = box.inset(dx: 2, dy: 1)
        return inner.isEmpty ? nil : inner
    }

    func drawConfirm(_ confirmation: Confirmation, area: Rect, grid: inout Grid, theme: Theme) {
        let lines = TextLayout.wrap(confirmation.message, width: min(56, max(1, area.width - 8)))
        guard
            let inner = panel(
                area, width: 60, height: lines.count + 5, title: "Confirm", footer: "", grid: &grid, theme: theme)
        else { return }
        let panelStyle = theme[.dialog]
        for (i, line) in lines.enumerated() where i < inner.height {
            grid.write(line, x: inner.x, y: inner.y + i, style: panelStyle, clip: inner)
        }
        let y = inner.y + min(inner.height - 1, lines.count + 1)
        var x = grid.write("y", x: inner.x, y: y, style: theme[.statusBarKey].withBackground(panelStyle), clip: inner)
        x = grid.write(" yes    ", x: x, y: y, style: panelStyle, clip: inner)
        x = grid.write("n", x: x, y: y, style: theme[.statusBarKey].withBackground(panelStyle), clip: inner)
        grid.write(" no", x: x, y: y, style: panelStyle, clip: inner)
    }

    func drawFollowUp(_ id: TaskID, _ field: TextField, area: Rect, grid: inout Grid, theme: Theme) {
        guard
            let inner = panel(
                area, width: 72, height: 6, title: "Follow-up for \(id)", footer: "⏎ send · Esc cancel", grid: &grid,
                theme: theme)
        else { return }
        grid.write("The next turn of the conversation:", x: inner.x, y: inner.y, style: theme[.dialog], clip: inner)
        let row = Rect(x: inner.x, y: inner.y + min(2, inner.height - 1), width: inner.width, height: 1)
        grid.fill(row, style: theme[.input])
        grid.write(
            StatusBarView.visibleTail(field, width: row.width - 1), x: row.x, y: row.y, style: theme[.input], clip: row)
    }

    /// Where the form puts each field (used for the cursor too).
    static func formRows(_ inner: Rect) -> (prompt: Rect, fields: [NewTaskForm.Field: Rect]) {
        let labelWidth = 12
        let promptHeight = max(1, min(6, inner.height - 9))
        let prompt = Rect(
            x: inner.x + labelWidth, y: inner.y, width: max(0, inner.width - labelWidth), height: promptHeight)
        var rects: [NewTaskForm.Field: Rect] = [.prompt: prompt]
        var y = inner.y + promptHeight + 1
        for field in NewTaskForm.Field.allCases where field != .prompt {
            rects[field] = Rect(x: inner.x + labelWidth, y: y, width: max(0, inner.width - labelWidth), height: 1)
            y += 1
        }
        return (prompt, rects)
    }

    /// The form's box for a screen area.
    static func formBox(_ area: Rect) -> Rect {
        area.centered(width: min(area.width - 2, 76), height: min(area.height - 2, 18))
    }

    func drawForm(_ form: NewTaskForm, area: Rect, grid: inout Grid, theme: Theme) {
        let box = DialogView.formBox(area)
        guard box.width >= 5, box.height >= 3 else { return }
        grid.fill(box, style: theme[.dialog])
        grid.drawFrame(
            box, style: theme[.dialogBorder], title: [Span("New task", .dialogTitle)], theme: theme,
            footer: "⇥ next field · ^s start · Esc cancel")
        let inner = box.inset(dx: 2, dy: 1)
        guard !inner.isEmpty else { return }
        let panelStyle = theme[.dialog]
        let layout = DialogView.formRows(inner)
        for field in NewTaskForm.Field.allCases {
            guard let rect = layout.fields[field], rect.y < inner.maxY else { continue }
            let focused = form.focus == field
            let labelStyle = focused ? theme[.dialogTitle] : panelStyle
            grid.write(field.label, x: inner.x, y: rect.y, style: labelStyle, clip: inner)
            let fieldRect = rect.clipped(to: inner)
            switch field {
            case .agent:
                var x = fieldRect.x
                for agent in AgentKind.allCases {
                    let chosen = form.agent == agent
                    let style = chosen ? theme[.listSelected] : panelStyle
                    x =
                        grid.write(
                            " \(chosen ? "●" : "○") \(agent.rawValue) ", x: x, y: rect.y, style: style, clip: fieldRect)
                        + 1
                }
            case .interactive:
                let text = form.interactive ? "[x] run the agent's own UI in a terminal" : "[ ] headless (events only)"
                grid.write(
                    text, x: fieldRect.x, y: rect.y, style: focused ? theme[.input] : panelStyle, clip: fieldRect)
            default:
                let value = DialogView.field(form, field)
                grid.fill(fieldRect, style: theme[.input])
                if field == .prompt {
                    let lines = value.lines
                    let cursorLine = value.cursorLocation.line
                    let first = max(0, cursorLine - fieldRect.height + 1)
                    for row in 0..<fieldRect.height where first + row < lines.count {
                        grid.write(
                            TextLayout.sanitize(lines[first + row]), x: fieldRect.x, y: fieldRect.y + row,
                            style: theme[.input], clip: fieldRect)
                    }
                    if value.isEmpty {
                        grid.write(
                            "what should the agent do? (for shell: a command line)", x: fieldRect.x, y: fieldRect.y,
                            style: theme[.inputPlaceholder], clip: fieldRect)
                    }
                } else {
                    grid.write(
                        StatusBarView.visibleTail(value, width: fieldRect.width - 1), x: fieldRect.x, y: rect.y,
                        style: theme[.input], clip: fieldRect)
                    if value.isEmpty, let hint = DialogView.placeholder(field) {
                        grid.write(hint, x: fieldRect.x, y: rect.y, style: theme[.inputPlaceholder], clip: fieldRect)
                    }
                }
            }
        }
        if let error = form.error {
            grid.write(
                "✗ " + error, x: inner.x, y: inner.maxY - 1, style: theme[.eventError].withBackground(panelStyle),
                clip: inner)
        }
    }

    static func field(_ form: NewTaskForm, _ field: NewTaskForm.Field) -> TextField {
        switch field {
        case .prompt: return form.prompt
        case .provider: return form.provider
        case .workspace: return form.workspace
        case .repository: return form.repository
        case .model: return form.model
        case .agent, .interactive: return TextField()
        }
    }

    static func placeholder(_ field: NewTaskForm.Field) -> String? {
        switch field {
        case .workspace: return "a directory (empty: a fresh one)"
        case .repository: return "a git repository (a new worktree)"
        case .model: return "default"
        default: return nil
        }
    }
}
