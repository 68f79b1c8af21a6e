import RClaudeTerminal

/// The frame every pane draws around itself: its number and title, tabs for the panes sharing the
/// lower area, and a footer.
struct PaneFrame {
    /// Draws the frame and returns the inside.
    static func draw(
        _ pane: PaneID, title extra: String, state: AppState, area: Rect, into grid: inout Grid, context: RenderContext,
        footer: String = ""
    ) -> Rect {
        let theme = context.theme
        let attached = pane == .terminal && state.attached != nil
        var border = context.isFocused ? theme[.borderFocused] : theme[.borderUnfocused]
        if attached { border = theme[.statusBarAttached] }
        let titleRole: ThemeRole = context.isFocused ? .titleFocused : .titleUnfocused
        var spans: [Span] = []
        if pane != .dashboard, state.layout.isStacked, !state.zoomed {
            for (i, other) in [PaneID.detail, .terminal, .files].enumerated() {
                if i > 0 { spans.append(Span(" ", .textDim)) }
                spans.append(Span("\(other.rawValue) \(other.title)", other == pane ? titleRole : .textDim))
            }
        } else {
            spans.append(Span("\(pane.rawValue) \(pane.title)", titleRole))
        }
        if state.zoomed && state.focus == pane { spans.append(Span(" [zoom]", .textAccent)) }
        let used = TextLayout.width(spans.map(\.text).joined())
        let room = area.width - 6 - used - 3
        if !extra.isEmpty && room >= 4 {
            spans.append(Span(" — " + TextLayout.truncate(extra, to: room), context.isFocused ? .text : .textDim))
        }
        grid.drawFrame(area, style: border, title: spans, theme: theme, footer: footer)
        return Layout.inner(area)
    }
}
