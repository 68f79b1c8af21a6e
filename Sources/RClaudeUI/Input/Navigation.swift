import RClaudeTerminal

/// The movement keys every pane shares: vim keys with arrow aliases.
enum Navigation: Equatable {
    /// j, ↓ (count of rows).
    case down(Int)
    /// k, ↑.
    case up(Int)
    /// h, ←.
    case left
    /// l, →.
    case right
    /// PgDn, ctrl-f (false) or ctrl-d (true: half a page).
    case pageDown(half: Bool)
    /// PgUp, ctrl-b (false) or ctrl-u (true).
    case pageUp(half: Bool)
    /// g, Home.
    case top
    /// G, End.
    case bottom
    /// Enter.
    case activate
    /// Anything else.
    case none

    static func classify(_ key: KeyEvent) -> Navigation {
        let plain = key.modifiers.subtracting(.shift).isEmpty
        switch key.key {
        case .down where plain: return .down(1)
        case .up where plain: return .up(1)
        case .left where plain: return .left
        case .right where plain: return .right
        case .pageDown: return .pageDown(half: false)
        case .pageUp: return .pageUp(half: false)
        case .home: return .top
        case .end: return .bottom
        case .enter: return .activate
        case .character(let c) where key.modifiers == .control:
            switch c {
            case "d": return .pageDown(half: true)
            case "u": return .pageUp(half: true)
            case "f": return .pageDown(half: false)
            case "b": return .pageUp(half: false)
            case "n": return .down(1)
            case "p": return .up(1)
            default: return .none
            }
        case .character(let c) where key.modifiers.isEmpty || key.modifiers == .shift:
            switch c {
            case "j": return .down(1)
            case "k": return .up(1)
            case "h": return .left
            case "l": return .right
            case "g": return .top
            case "G": return .bottom
            default: return .none
            }
        default: return .none
        }
    }
}
