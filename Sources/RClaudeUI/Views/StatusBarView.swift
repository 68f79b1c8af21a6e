import RClaudeTerminal

/// The bottom line: the prompt being typed, the attach banner, a message, or the focused pane's keys.
public struct StatusBarView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let base = theme[.statusBar]
        grid.fill(area, style: base)
        if let prompt = state.prompt {
            let style = theme[.input]
            grid.fill(area, style: style)
            let end = grid.write(
                " " + prompt.prefix, x: area.x, y: area.y, style: theme[.statusBarKey].over(style), clip: area)
            grid.write(
                StatusBarView.visibleTail(prompt.field, width: area.maxX - end - 1), x: end, y: area.y, style: style,
                clip: area)
            return
        }
        if let id = state.attached {
            let style = theme[.statusBarAttached]
            grid.fill(area, style: style)
            grid.write(
                " ATTACHED to \(id) — keys go to the task · \(state.detachKey.label) detaches", x: area.x, y: area.y,
                style: style, clip: area)
            return
        }
        if let flash = state.flash {
            let role: ThemeRole =
                flash.kind == .error ? .statusBarError : flash.kind == .success ? .statusBarSuccess : .statusBarInfo
            let style = theme[role]
            let end = grid.write(" " + flash.message + " ", x: area.x, y: area.y, style: style, clip: area)
            grid.write(" ", x: end, y: area.y, style: base, clip: area)
            return
        }
        var x = area.x + 1
        for (key, label) in StatusBarView.hints(state) {
            let needed = TextLayout.width(key) + TextLayout.width(label) + 3
            if x + needed > area.maxX { break }
            x = grid.write(key, x: x, y: area.y, style: theme[.statusBarKey], clip: area)
            x = grid.write(" " + label + "  ", x: x, y: area.y, style: base, clip: area)
        }
    }

    /// The end of a field's text that fits `width` columns, with a block cursor at the end.
    static func visibleTail(_ field: TextField, width: Int) -> String {
        let text = field.text.replacingOccurrences(of: "\n", with: "⏎")
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for c in text.reversed() {
            let w = TextLayout.width(String(c))
            if used + w > width { break }
            out.insert(c, at: out.startIndex)
            used += w
        }
        return out
    }

    /// The most useful keys for the focused pane, most important first.
    public static func hints(_ state: AppState) -> [(String, String)] {
        let k = state.keymap
        var hints: [(String, String)] = []
        switch state.focus {
        case .dashboard:
            hints = [
                ("⏎", "open"), (k.label(.newTask), "new"), (k.label(.cancel), "cancel"),
                (k.label(.retry), "retry"), (k.label(.delete), "delete"), (k.label(.followUp), "follow-up"),
                (k.label(.search), "filter"), (k.label(.sort), "sort"),
            ]
        case .detail:
            hints = [("j/k", "move"), ("⏎", "fold"), ("G", "follow"), (k.label(.search), "search")]
            if state.detail.search != nil { hints.append(("n/N", "next/prev")) }
            hints += [(k.label(.followUp), "follow-up"), (k.label(.zoom), "zoom")]
        case .terminal:
            hints = [
                ("⏎/" + k.label(.attach), "attach"), (k.label(.shell), "shell"), ("k/j", "scroll"),
                (k.label(.zoom), "zoom"),
                (state.detachKey.label, "detaches"),
            ]
        case .files:
            hints = [
                ("j/k", "move"), ("⏎", "open"), ("h/l", "list/preview"), (k.label(.changes), "changes"),
                ("R", "reload"),
                (k.label(.zoom), "zoom"),
            ]
        }
        return [(k.label(.help), "help"), (k.label(.quit), "quit")] + hints + [
            ("⇥", "pane"), (k.label(.theme), "theme"),
        ]
    }
}
