import RClaudeTerminal

/// The keys of the focused pane and the global keys, in a box over the panes (`?`).
public struct HelpOverlayView: View {
    /// Creates the view.
    public init() {}

    /// The help lines for a pane: (keys, what they do).
    public static func entries(for pane: PaneID, state: AppState) -> [(String, String)] {
        let k = state.keymap
        var list: [(String, String)] = []
        switch pane {
        case .dashboard:
            list = [
                ("j k ↓ ↑", "select task"), ("g G", "first / last"), ("PgUp PgDn ^u ^d", "page"),
                ("⏎", "open the detail"), (k.label(.search), "filter: text status:running agent:shell provider:local"),
                (k.label(.sort), "order: newest oldest status cost duration agent"), ("Esc", "clear the filter"),
            ]
        case .detail:
            list = [
                ("j k ↓ ↑", "move"), ("g G", "top / bottom (G follows new events)"), ("PgUp PgDn ^u ^d", "page"),
                ("⏎ space", "fold / unfold a tool result or call"), (k.label(.search), "search"),
                ("n N", "next / previous match"),
                ("Esc", "clear the search"),
            ]
        case .terminal:
            list = [
                ("⏎ " + k.label(.attach), "attach: keys go to the task"),
                (state.detachKey.label, "detach (while attached)"),
                (k.label(.shell), "open a shell in the task's workspace"), ("k j PgUp PgDn", "scroll back"),
                ("G", "back to live"),
            ]
        case .files:
            list = [
                ("j k ↓ ↑", "move"), ("⏎ l →", "open a file / expand a directory"),
                ("h ←", "collapse / back to the list"),
                (k.label(.changes), "tree ⇄ changed files with diffs"), ("R", "reload"),
            ]
        }
        list += [
            ("", ""),
            ("⇥ S-⇥ 1-4", "focus panes"), (k.label(.zoom), "zoom the pane"), (k.label(.newTask), "new task"),
            (k.label(.cancel) + " " + k.label(.retry) + " " + k.label(.delete), "cancel / retry / delete the task"),
            (k.label(.followUp), "follow-up prompt"), (k.label(.theme), "next theme"),
            (k.label(.command), ":q :theme NAME :new :filter … :sort …"), (k.label(.quit), "quit"),
        ]
        return list
    }

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard case .help(let pane) = state.overlay, !area.isEmpty else { return }
        let theme = context.theme
        let entries = HelpOverlayView.entries(for: pane, state: state)
        let keyWidth = min(18, entries.map { TextLayout.width($0.0) }.max() ?? 0)
        let box = area.centered(width: min(area.width - 2, 76), height: min(area.height - 2, entries.count + 4))
        guard box.width >= 3, box.height >= 3 else { return }
        let panel = theme[.dialog]
        grid.fill(box, style: panel)
        grid.drawFrame(
            box, style: theme[.dialogBorder], title: [Span("Keys — \(pane.title)", .dialogTitle)], theme: theme,
            footer: "any key closes")
        let inner = box.inset(dx: 2, dy: 1)
        guard !inner.isEmpty else { return }
        for (i, entry) in entries.enumerated() where i + 1 < inner.height {
            let y = inner.y + 1 + i
            grid.write(
                TextLayout.pad(entry.0, to: keyWidth), x: inner.x, y: y,
                style: theme[.statusBarKey].over(panel).withBackground(panel), clip: inner)
            grid.write(entry.1, x: inner.x + keyWidth + 2, y: y, style: panel, clip: inner)
        }
    }
}
