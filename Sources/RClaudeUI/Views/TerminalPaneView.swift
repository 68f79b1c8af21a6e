import RClaudeCore
import RClaudeTerminal

/// The selected task's terminal: the emulator's screen (or scrollback), drawn with the theme's
/// terminal palette, with the connection state in the frame.
public struct TerminalPaneView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let terminal = state.selectedTerminal
        var title = ""
        var footer = ""
        if let terminal {
            if state.attached == terminal.taskID {
                title = "ATTACHED · \(state.detachKey.label) detaches"
            } else if terminal.source == .outputLog {
                title = "output (read-only)"
            } else {
                switch terminal.connection {
                case .connecting: title = "connecting…"
                case .open: title = "Enter attaches"
                case .closed(let reason): title = reason.map { "closed: \($0)" } ?? "exited"
                }
            }
            if !terminal.title.isEmpty { title += " · " + terminal.title }
            if terminal.scrollBack > 0 { footer = "scrollback −\(terminal.scrollBack) · G live" }
        }
        let inner = PaneFrame.draw(
            .terminal, title: title, state: state, area: area, into: &grid, context: context, footer: footer)
        guard !inner.isEmpty else { return }
        guard let terminal else {
            let message: String
            if let task = state.selectedTask {
                message = task.status == .queued ? "the task has not started yet" : "no terminal for this task"
            } else {
                message = "no task selected"
            }
            grid.writeCentered(message, in: inner, y: inner.y + inner.height / 2, style: theme[.textDim])
            return
        }
        let screen = terminal.emulator.viewport(scrolledBack: terminal.scrollBack)
        TerminalPaneView.blit(screen, into: &grid, at: inner, theme: theme)
    }

    /// Copies an emulator grid into the screen grid at `area`, mapping palette colours through the theme.
    public static func blit(_ screen: Grid, into grid: inout Grid, at area: Rect, theme: Theme) {
        let rows = min(screen.height, area.height)
        let cols = min(screen.width, area.width)
        guard rows > 0, cols > 0 else { return }
        for y in 0..<rows {
            var x = 0
            while x < cols {
                let cell = screen[x, y]
                var style = cell.style
                style.foreground = theme.paneColor(style.foreground)
                style.background = theme.paneColor(style.background)
                style.hyperlinkID = 0
                if cell.isWideContinuation {
                    x += 1
                    continue
                }
                if cell.isEmpty {
                    grid[area.x + x, area.y + y] = Cell(blankWith: style)
                    x += 1
                    continue
                }
                if let scalar = cell.scalar, cell.width == 1 {
                    grid[area.x + x, area.y + y] = Cell(scalar, style: style)
                    x += 1
                    continue
                }
                let text = screen.text(of: cell)
                if let character = text.first {
                    let used = grid.put(character, x: area.x + x, y: area.y + y, style: style)
                    if used == 0 { grid[area.x + x, area.y + y] = Cell(blankWith: style) }
                    x += max(1, used)
                } else {
                    x += 1
                }
            }
        }
    }
}
