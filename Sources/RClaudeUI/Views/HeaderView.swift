import RClaudeCore
import RClaudeTerminal

/// The top line: the name, task counts per status, activity, and the clock.
public struct HeaderView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let base = theme[.header]
        grid.fill(area, style: base)
        var spans: [Span] = [Span(" rclaude ", .headerTitle)]
        let counts = state.statusCounts
        spans.append(Span(" \(state.tasks.count) task\(state.tasks.count == 1 ? "" : "s") ", .header))
        var long: [Span] = []
        var short: [Span] = []
        for status in TaskStatus.allCases {
            let n = counts[status] ?? 0
            guard n > 0 || status == .running else { continue }
            long.append(Span(" \(Format.icon(status)) \(n) \(status.label)", DashboardView.role(status)))
            short.append(Span(" \(Format.icon(status))\(n)", DashboardView.role(status)))
        }
        let used = TextLayout.width(spans.map(\.text).joined())
        spans += used + TextLayout.width(long.map(\.text).joined()) + 18 <= area.width ? long : short
        var end = grid.write(spans, x: area.x, y: area.y, theme: theme, base: base, clip: area)
        if let activity = state.activities.sorted(by: { $0.key < $1.key }).first?.value {
            end = grid.write(
                "  " + Format.spinner(context.now) + " ", x: end, y: area.y, style: theme[.spinner].over(base),
                clip: area)
            grid.write(activity, x: end, y: area.y, style: base, clip: area)
        }
        for provider in state.providers {
            let (mark, role): (String, ThemeRole) =
                switch provider.state {
                case .connected: ("●", .statusSucceeded)
                case .reconnecting(let attempt): ("◌\(attempt)", .statusRunning)
                case .unreachable: ("✗", .statusFailed)
                }
            end = grid.write(
                [Span("  " + provider.provider + " ", .header), Span(mark, role)], x: end, y: area.y, theme: theme, base: base,
                clip: area)
        }
        let clock = " " + Format.clock(context.now) + " "
        let right = state.theme.name + " " + clock
        let w = TextLayout.width(right)
        if end + w + 1 <= area.maxX {
            grid.write(right, x: area.maxX - w, y: area.y, style: theme[.textDim].over(base), clip: area)
        }
    }
}
