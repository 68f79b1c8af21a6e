import RClaudeTerminal

/// Where everything goes for a window size: the header, the bottom bar and the visible panes.
///
/// The dashboard sits on top; below it one pane (narrow windows) or the detail beside the terminal
/// or file browser (windows at least `splitWidth` wide). A zoomed pane takes the whole body.
public struct Layout: Equatable, Sendable {
    /// The smallest usable window; below it the UI shows a message instead.
    public static let minimum = Size(width: 40, height: 10)
    /// From this width the lower area shows two panes side by side.
    public static let splitWidth = 140

    /// The top line.
    public var header: Rect
    /// The bottom line.
    public var statusBar: Rect
    /// The visible panes and their rectangles (borders included).
    public var panes: [PaneID: Rect]
    /// Whether the window is below `minimum`.
    public var isTooSmall: Bool

    /// The layout for a state's window size, focus and zoom.
    public init(_ state: AppState) {
        self.init(
            size: state.size, focus: state.focus, lower: state.lowerPane, side: state.sidePane, zoomed: state.zoomed)
    }

    /// The layout for explicit inputs.
    public init(size: Size, focus: PaneID, lower: PaneID, side: PaneID, zoomed: Bool) {
        header = Rect(x: 0, y: 0, width: size.width, height: min(1, size.height))
        statusBar = Rect(x: 0, y: max(0, size.height - 1), width: size.width, height: size.height >= 2 ? 1 : 0)
        panes = [:]
        isTooSmall = size.width < Layout.minimum.width || size.height < Layout.minimum.height
        if isTooSmall { return }
        let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
        if zoomed {
            panes[focus] = body
            return
        }
        let topHeight = min(max(5, body.height * 9 / 20), max(0, body.height - 6))
        panes[.dashboard] = body.top(topHeight)
        let lowerArea = body.droppingTop(topHeight)
        if size.width >= Layout.splitWidth {
            let leftWidth = lowerArea.width * 11 / 20
            panes[.detail] = lowerArea.left(leftWidth)
            panes[side == .files ? .files : .terminal] = lowerArea.droppingLeft(leftWidth)
        } else {
            panes[lower == .dashboard ? .detail : lower] = lowerArea
        }
    }

    /// The inside of a pane (its border removed).
    public static func inner(_ rect: Rect) -> Rect { rect.inset(dx: 1, dy: 1) }

    /// The pane under a screen cell.
    public func pane(atX x: Int, y: Int) -> PaneID? {
        panes.first { $0.value.contains(x: x, y: y) }?.key
    }

    /// Whether the lower area shows only one pane (then its title lists the others as tabs).
    public var isStacked: Bool {
        panes.count == 2
    }
}
