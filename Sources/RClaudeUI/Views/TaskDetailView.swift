import Foundation
import RClaudeCore
import RClaudeTerminal

/// The selected task's events, live: a header (status, turns, cost, duration, follow mode) and the
/// event lines with a cursor, folded results and search highlights.
public struct TaskDetailView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let detail = state.detail
        let task = state.selectedTask
        let title = task.map { "\($0.id.rawValue.prefix(8)) " + TextLayout.sanitize($0.latestPrompt) } ?? ""
        let footer = detail.lines.isEmpty ? "" : "\(min(detail.cursor + 1, detail.lines.count))/\(detail.lines.count)"
        let inner = PaneFrame.draw(
            .detail, title: title, state: state, area: area, into: &grid, context: context, footer: footer)
        guard !inner.isEmpty else { return }
        guard let task else {
            grid.writeCentered("no task selected", in: inner, y: inner.y + inner.height / 2, style: theme[.textDim])
            return
        }
        drawHeader(task, detail: detail, keymap: state.keymap, inner: inner, grid: &grid, context: context)
        let body = inner.droppingTop(task.status == .waiting && task.pendingPermission != nil ? 2 : 1)
        guard !body.isEmpty else { return }
        let textWidth = max(1, body.width - 1)
        let lines =
            detail.linesWidth == textWidth
            ? detail.lines : DetailLineBuilder.lines(for: detail.events, expanded: detail.expanded, width: textWidth)
        if lines.isEmpty {
            let message: String
            switch task.status {
            case .queued:
                message = task.reason.map { "queued — " + TextLayout.sanitize($0) } ?? "queued — waiting for the supervisor…"
            case .starting: message = "\(Format.spinner(context.now)) starting the sandbox…"
            case _ where task.options.interactive:
                message = "an interactive task: its screen is in the terminal pane (3)"
            case .running: message = "\(Format.spinner(context.now)) waiting for the agent's first event…"
            default: message = detail.isComplete ? "no events recorded" : "loading events…"
            }
            grid.writeCentered(message, in: body, y: body.y + min(body.height - 1, 1), style: theme[.textDim])
            return
        }
        var top = detail.scrollTop
        if detail.follow || detail.linesWidth != textWidth { top = max(0, lines.count - body.height) }
        top = min(top, max(0, lines.count - 1))
        let query = detail.search?.lowercased()
        for row in 0..<body.height {
            let index = top + row
            guard index < lines.count else { break }
            let y = body.y + row
            let line = lines[index]
            var base = CellStyle.default
            if index == detail.cursor && context.isFocused && !detail.follow {
                base = theme[.listSelectedUnfocused]
                grid.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: base)
            }
            grid.write(line.spans, x: body.x, y: y, theme: theme, base: base, clip: body)
            if TextLayout.width(line.text) > body.width, body.width > 1 {
                grid.write("…", x: body.maxX - 1, y: y, style: theme[.textDim].over(base), clip: body)
            }
            if let query, !query.isEmpty {
                highlight(
                    query, in: line.text, x: body.x, y: y, clip: body, grid: &grid,
                    style: index == detail.cursor ? theme[.searchCurrent] : theme[.searchMatch])
            }
        }
    }

    func drawHeader(
        _ task: TaskRecord, detail: TaskDetailState, keymap: Keymap, inner: Rect, grid: inout Grid, context: RenderContext
    ) {
        let theme = context.theme
        var spans: [Span] = []
        let icon =
            task.status == .starting || task.status == .running ? Format.spinner(context.now) : Format.icon(task.status)
        spans.append(Span(icon + " " + task.status.label, DashboardView.role(task.status)))
        spans.append(Span(" · \(task.agent.rawValue)", .textDim))
        if let model = task.options.model { spans.append(Span(" \(model)", .textDim)) }
        spans.append(Span(" · \(task.turns) turn\(task.turns == 1 ? "" : "s")", .text))
        spans.append(Span(" · " + Format.cost(task.costUSD), .text))
        if let duration = task.duration(now: context.now) {
            spans.append(Span(" · " + Format.duration(duration), .text))
        }
        if !task.options.labels.isEmpty {
            spans.append(Span(" · " + task.options.labels.map { "#" + TextLayout.sanitize($0) }.joined(separator: " "), .textDim))
        }
        if let restarts = task.restartCount, restarts > 0 {
            spans.append(Span(" · restarted \(restarts)×", .textDim))
        }
        if let reason = task.reason, task.status == .failed || task.status == .cancelled {
            spans.append(Span(" · " + TextLayout.sanitize(reason), .eventError))
        } else if let reason = task.reason, task.status == .queued {
            spans.append(Span(" · " + TextLayout.sanitize(reason), .textDim))
        }
        if let request = task.pendingPermission, task.status == .waiting, inner.height > 1 {
            let keys = "  \(keymap.label(.approve)) approve · \(keymap.label(.deny)) deny"
            let line = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: 1)
            let end = grid.write(
                [Span("⚑ wants to run " + request.toolName + ": ", .eventError), Span(TextLayout.sanitize(request.summary), .text)],
                x: line.x, y: line.y, theme: theme, clip: Rect(x: line.x, y: line.y, width: max(0, line.width - TextLayout.width(keys)), height: 1))
            grid.write(keys, x: end, y: line.y, style: theme[.textAccent], clip: line)
        }
        grid.write(spans, x: inner.x, y: inner.y, theme: theme, clip: inner)
        let mode: (String, ThemeRole)
        if let search = detail.search {
            mode = ("/\(search) \(detail.matches.count)", .textAccent)
        } else if detail.follow {
            mode = ("following", .textDim)
        } else {
            mode = ("paused · G follows", .textAccent)
        }
        let w = TextLayout.width(mode.0)
        if inner.width > w + 40 || TextLayout.width(spans.map(\.text).joined()) + w + 2 <= inner.width {
            grid.fill(Rect(x: inner.maxX - w - 1, y: inner.y, width: w + 1, height: 1), style: .default)
            grid.write(mode.0, x: inner.maxX - w, y: inner.y, style: theme[mode.1], clip: inner)
        }
    }

    /// Restyles every occurrence of `query` in a drawn line.
    func highlight(_ query: String, in text: String, x: Int, y: Int, clip: Rect, grid: inout Grid, style: CellStyle) {
        let lowered = Array(text.lowercased())
        let needle = Array(query)
        guard !needle.isEmpty, lowered.count >= needle.count, lowered.count == text.count else { return }
        let characters = Array(text)
        var columns: [Int] = []
        columns.reserveCapacity(characters.count + 1)
        var column = 0
        for c in characters {
            columns.append(column)
            column += CharacterWidth.width(of: c)
        }
        columns.append(column)
        var i = 0
        while i + needle.count <= lowered.count {
            if Array(lowered[i..<(i + needle.count)]) == needle {
                let start = x + columns[i]
                let end = x + columns[i + needle.count]
                grid.restyle(Rect(x: start, y: y, width: end - start, height: 1).clipped(to: clip)) { _ in style }
                i += needle.count
            } else {
                i += 1
            }
        }
    }
}
