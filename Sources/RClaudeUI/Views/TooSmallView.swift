import RClaudeTerminal

/// The message shown instead of the panes when the window is below the minimum size.
public struct TooSmallView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let min = Layout.minimum
        let lines = [
            "Window too small: \(state.size.width)×\(state.size.height)",
            "rclaude needs at least \(min.width)×\(min.height)",
            "q quits",
        ]
        let first = area.y + max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where first + i < area.maxY {
            let wrapped = TextLayout.truncate(line, to: area.width)
            grid.writeCentered(
                wrapped, in: area, y: first + i, style: i == 0 ? context.theme[.eventError] : context.theme[.textDim])
        }
    }
}
