// The drawing attributes of a cell (the "pen"): colours, attribute flags, underline style and hyperlink.
// Stored packed in 12 bytes so that a `Cell` is 16 bytes and rows copy as plain memory.
//
// `flags` layout: bits 0–7 `CellAttributes`, bits 8–10 `UnderlineStyle`.

/// Boolean rendition attributes of a cell (SGR 1, 2, 3, 5, 7, 8, 9, 53).
public struct CellAttributes: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public let rawValue: UInt16

    /// Creates a set from its raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0xFF }

    /// Bold or increased intensity (SGR 1).
    public static let bold = CellAttributes(rawValue: 1 << 0)
    /// Faint or decreased intensity (SGR 2).
    public static let dim = CellAttributes(rawValue: 1 << 1)
    /// Italic (SGR 3).
    public static let italic = CellAttributes(rawValue: 1 << 2)
    /// Blinking, slow or rapid (SGR 5, 6).
    public static let blink = CellAttributes(rawValue: 1 << 3)
    /// Foreground and background swapped (SGR 7).
    public static let inverse = CellAttributes(rawValue: 1 << 4)
    /// Concealed text (SGR 8).
    public static let hidden = CellAttributes(rawValue: 1 << 5)
    /// Crossed out (SGR 9).
    public static let strikethrough = CellAttributes(rawValue: 1 << 6)
    /// Overlined (SGR 53).
    public static let overline = CellAttributes(rawValue: 1 << 7)
}

/// The underline style of a cell (SGR 4, 4:n, 21, 24).
public enum UnderlineStyle: UInt8, Hashable, Sendable, CaseIterable {
    /// No underline.
    case none = 0
    /// A single straight underline (SGR 4 or 4:1).
    case single = 1
    /// A double underline (SGR 21 or 4:2).
    case double = 2
    /// A wavy underline (SGR 4:3).
    case curly = 3
    /// A dotted underline (SGR 4:4).
    case dotted = 4
    /// A dashed underline (SGR 4:5).
    case dashed = 5
}

/// Colours, attributes, underline and hyperlink of a cell: the pen the application draws with.
public struct CellStyle: Hashable, Sendable {
    @usableFromInline var fg: UInt32
    @usableFromInline var bg: UInt32
    @usableFromInline var flags: UInt16
    @usableFromInline var link: UInt16

    /// Default colours, no attributes.
    public static let `default` = CellStyle(fg: 0, bg: 0, flags: 0, link: 0)

    @inline(__always)
    init(fg: UInt32, bg: UInt32, flags: UInt16, link: UInt16) {
        self.fg = fg
        self.bg = bg
        self.flags = flags
        self.link = link
    }

    /// Creates a style.
    /// - Parameters:
    ///   - foreground: The text colour.
    ///   - background: The background colour.
    ///   - attributes: Bold, italic and the other flags.
    ///   - underline: The underline style.
    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default,
        attributes: CellAttributes = [], underline: UnderlineStyle = .none
    ) {
        self.fg = foreground.packed
        self.bg = background.packed
        self.flags = attributes.rawValue | UInt16(underline.rawValue) << 8
        self.link = 0
    }

    /// The text colour.
    public var foreground: TerminalColor {
        get { TerminalColor(packed: fg) }
        set { fg = newValue.packed }
    }

    /// The background colour.
    public var background: TerminalColor {
        get { TerminalColor(packed: bg) }
        set { bg = newValue.packed }
    }

    /// Bold, dim, italic, blink, inverse, hidden, strikethrough and overline.
    public var attributes: CellAttributes {
        get { CellAttributes(rawValue: flags & 0xFF) }
        set { flags = (flags & 0xFF00) | newValue.rawValue }
    }

    /// The underline style.
    public var underline: UnderlineStyle {
        get { UnderlineStyle(rawValue: UInt8((flags >> 8) & 0x7)) ?? .none }
        set { flags = (flags & ~0x0700) | UInt16(newValue.rawValue) << 8 }
    }

    /// The hyperlink (OSC 8) this cell belongs to, 0 for none. Resolve it with `Emulator.hyperlink(id:)`.
    public var hyperlinkID: Int {
        get { Int(link) }
        set { link = UInt16(clamping: newValue) }
    }

    /// Whether this is the default style (no colours, attributes or link).
    @inline(__always)
    public var isDefault: Bool { fg == 0 && bg == 0 && flags == 0 && link == 0 }
}
