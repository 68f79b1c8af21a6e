import Foundation
import RClaudeTerminal

/// What every view gets besides its state: the theme, whether it has focus, and the time.
public struct RenderContext: Sendable {
    /// The theme to draw with.
    public var theme: Theme
    /// Whether the view has the keyboard.
    public var isFocused: Bool
    /// The time to show ages and spinners against.
    public var now: Date

    /// Creates a context.
    public init(theme: Theme, isFocused: Bool = true, now: Date) {
        self.theme = theme
        self.isFocused = isFocused
        self.now = now
    }

    /// The dark theme, focused, at a fixed time (2026-01-01 12:00:00 UTC), for tests.
    public static let test = RenderContext(
        theme: .dark, isFocused: true, now: Date(timeIntervalSince1970: 1_767_268_800))

    /// The same context with another focus.
    public func focused(_ focused: Bool) -> RenderContext {
        var copy = self
        copy.isFocused = focused
        return copy
    }
}

/// Something that draws part of the screen into a `Grid` (ratatui's `Widget`).
///
/// Views never throw and never do I/O: everything they show is in `state`. They draw only inside
/// `area` and must cope with any size, including zero.
public protocol View {
    /// The state the view draws.
    associatedtype State

    /// Draws `state` into `grid` within `area`.
    func render(_ state: State, area: Rect, into grid: inout Grid, context: RenderContext)
}
