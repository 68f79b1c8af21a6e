import RClaudeTerminal

/// The colours and attributes of every UI role, plus the palette for terminal panes.
///
/// Views read styles only through `RenderContext.theme`. A theme is a plain value: switching themes
/// replaces it in `AppState` and the next frame uses it.
public struct Theme: Sendable, Equatable {
    /// The theme's name (`dark`, `light`, or a file's name).
    public var name: String
    /// Whether the theme is meant for a dark background.
    public var isDark: Bool
    /// The style of each role; roles missing here fall back to `.default`.
    public var styles: [ThemeRole: CellStyle]
    /// The colours that palette entries 0–15 of a terminal pane are shown with.
    public var ansi: [TerminalColor]

    /// Creates a theme.
    public init(name: String, isDark: Bool, styles: [ThemeRole: CellStyle], ansi: [TerminalColor] = Theme.standardANSI)
    {
        self.name = name
        self.isDark = isDark
        self.styles = styles
        self.ansi = ansi.count == 16 ? ansi : Theme.standardANSI
    }

    /// The 16 ANSI colours as the terminal itself shows them.
    public static let standardANSI: [TerminalColor] = (0..<16).map { .indexed(UInt8($0)) }

    /// The style of a role.
    public subscript(role: ThemeRole) -> CellStyle {
        styles[role] ?? .default
    }

    /// A terminal pane colour as this theme shows it (entries 0–15 go through `ansi`).
    public func paneColor(_ color: TerminalColor) -> TerminalColor {
        if case .indexed(let index) = color, index < 16 { return ansi[Int(index)] }
        return color
    }

    /// The same theme with every colour removed (attributes kept), for `NO_COLOR` and monochrome terminals.
    public func withoutColors() -> Theme {
        var copy = self
        for (role, style) in styles {
            var plain = CellStyle(attributes: style.attributes, underline: style.underline)
            if role == .listSelected || role == .statusBarAttached || role == .searchCurrent {
                plain.attributes.insert(.inverse)
            }
            if role == .borderFocused || role == .titleFocused { plain.attributes.insert(.bold) }
            copy.styles[role] = plain
        }
        copy.styles[.listSelected] = CellStyle(attributes: [.inverse])
        copy.styles[.listSelectedUnfocused] = CellStyle(attributes: [.bold], underline: .single)
        copy.styles[.searchMatch] = CellStyle(underline: .single)
        copy.ansi = Theme.standardANSI
        copy.name = name
        return copy
    }
}
