import Foundation
import RClaudeCore
import RClaudeTerminal

/// The task list: status with colour and icon, id, agent, provider, prompt, age, duration, cost.
public struct DashboardView: View {
    /// Creates the view.
    public init() {}

    /// The columns that fit `width`, widest first dropped: provider, then status words, then duration.
    static func columns(width: Int) -> (
        status: Int, id: Int, agent: Int, provider: Int, prompt: Int, age: Int, duration: Int, cost: Int
    ) {
        var status = 12
        var id = 13
        var provider = 9
        var duration = 8
        let agent = 8
        let age = 5
        let cost = 8
        func fixed() -> Int { status + id + agent + provider + age + duration + cost }
        if width - fixed() < 16 { provider = 0 }
        if width - fixed() < 16 { status = 2 }
        if width - fixed() < 16 { id = 9 }
        if width - fixed() < 12 { duration = 0 }
        return (status, id, agent, provider, max(0, width - fixed()), age, duration, cost)
    }

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let board = state.dashboard
        var extra = ""
        if !board.filter.isEmpty { extra = "filter: \(board.filter.text)" }
        if board.sort != .newest { extra += (extra.isEmpty ? "" : " · ") + "sort: \(board.sort.rawValue)" }
        let position = board.visible.isEmpty ? "" : "\((board.selectedIndex ?? 0) + 1)/\(board.visible.count)"
        let footer = board.filter.isEmpty ? position : "\(position) of \(state.tasks.count)"
        let inner = PaneFrame.draw(
            .dashboard, title: extra, state: state, area: area, into: &grid, context: context, footer: footer)
        guard !inner.isEmpty else { return }
        let c = DashboardView.columns(width: inner.width)
        var heading = TextLayout.pad(c.status > 2 ? "STATUS" : "", to: c.status)
        heading += TextLayout.pad("ID", to: c.id) + TextLayout.pad("AGENT", to: c.agent)
        if c.provider > 0 { heading += TextLayout.pad("PROVIDER", to: c.provider - 1) + " " }
        heading += TextLayout.pad("PROMPT", to: c.prompt) + TextLayout.padLeft("AGE", to: c.age - 1) + " "
        if c.duration > 0 { heading += TextLayout.padLeft("TIME", to: c.duration - 1) + " " }
        heading += TextLayout.padLeft("COST", to: c.cost - 1)
        grid.write(heading, x: inner.x, y: inner.y, style: theme[.listHeader], clip: inner)
        let rows = inner.droppingTop(1)
        guard !rows.isEmpty else { return }
        if board.visible.isEmpty {
            let message: String
            if !state.hasLoaded {
                message = "loading tasks…"
            } else if state.tasks.isEmpty {
                message = "no tasks yet — press \(state.keymap.label(.newTask)) to start one"
            } else {
                message = "no task matches the filter — Esc clears it"
            }
            grid.writeCentered(
                message, in: rows, y: rows.y + min(rows.height - 1, rows.height / 2), style: theme[.textDim])
            return
        }
        let selected = board.selectedIndex
        for row in 0..<rows.height {
            let index = board.scrollOffset + row
            guard index < board.visible.count else { break }
            let task = board.visible[index]
            let y = rows.y + row
            var base = CellStyle.default
            if index == selected {
                base = context.isFocused ? theme[.listSelected] : theme[.listSelectedUnfocused]
                grid.fill(Rect(x: rows.x, y: y, width: rows.width, height: 1), style: base)
            }
            drawRow(
                task, columns: c, x: rows.x, y: y, clip: rows, base: base, state: state, grid: &grid, context: context)
        }
    }

    func drawRow(
        _ task: TaskRecord,
        columns c: (status: Int, id: Int, agent: Int, provider: Int, prompt: Int, age: Int, duration: Int, cost: Int),
        x: Int, y: Int, clip: Rect, base: CellStyle, state: AppState, grid: inout Grid, context: RenderContext
    ) {
        let theme = context.theme
        let statusStyle = theme[DashboardView.role(task.status)].over(base)
        var column = x
        let icon = task.status == .starting ? Format.spinner(context.now) : Format.icon(task.status)
        let statusText = c.status > 2 ? icon + " " + task.status.label : icon
        grid.write(TextLayout.pad(statusText, to: c.status - 1), x: column, y: y, style: statusStyle, clip: clip)
        column += c.status
        let id = String(task.id.rawValue.prefix(max(0, c.id - 1)))
        grid.write(TextLayout.pad(id, to: c.id), x: column, y: y, style: theme[.textDim].over(base), clip: clip)
        column += c.id
        grid.write(
            TextLayout.pad(task.agent.rawValue + (task.options.interactive ? "*" : ""), to: c.agent - 1), x: column,
            y: y, style: theme[.text].over(base), clip: clip)
        column += c.agent
        if c.provider > 0 {
            grid.write(
                TextLayout.pad(task.provider, to: c.provider - 1), x: column, y: y, style: theme[.textDim].over(base),
                clip: clip)
            column += c.provider
        }
        let prompt = TextLayout.sanitize(task.latestPrompt)
        grid.write(
            TextLayout.pad(prompt, to: max(0, c.prompt - 1)), x: column, y: y, style: theme[.text].over(base),
            clip: clip)
        column += c.prompt
        grid.write(
            TextLayout.padLeft(Format.age(task.createdAt, now: context.now), to: c.age - 1), x: column, y: y,
            style: theme[.textDim].over(base), clip: clip)
        column += c.age
        if c.duration > 0 {
            let duration = task.duration(now: context.now).map(Format.duration) ?? "-"
            grid.write(
                TextLayout.padLeft(duration, to: c.duration - 1), x: column, y: y, style: theme[.textDim].over(base),
                clip: clip)
            column += c.duration
        }
        grid.write(
            TextLayout.padLeft(Format.cost(task.costUSD), to: c.cost - 1), x: column, y: y,
            style: theme[.text].over(base), clip: clip)
    }

    /// The theme role of a status.
    public static func role(_ status: TaskStatus) -> ThemeRole {
        switch status {
        case .queued: return .statusQueued
        case .starting: return .statusStarting
        case .running: return .statusRunning
        case .waiting: return .statusFailed
        case .succeeded: return .statusSucceeded
        case .failed: return .statusFailed
        case .cancelled: return .statusCancelled
        }
    }
}
