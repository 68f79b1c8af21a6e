// One character cell of a grid, 16 bytes of plain data so rows copy and scroll as raw memory.
//
// `content` layout: bits 0–28 hold the Unicode scalar value (or, with bit 31 set, an index into the owning
// grid's table of multi-scalar grapheme clusters); bits 29–30 hold the width (1, 2, or 0 for the right half
// of a wide character). A cell that was never written or was erased holds value 0 and prints as a space.

/// One character cell: its character, display width and style.
///
/// A wide character occupies two cells: the first has `width == 2`, the second is a continuation with
/// `width == 0`. Characters made of several scalars (a base plus combining marks, emoji sequences) are
/// stored in the owning `Grid`; read them with `Grid.text(x:y:)`.
public struct Cell: Hashable, Sendable {
    @usableFromInline var content: UInt32
    /// Colours and attributes.
    public var style: CellStyle

    @usableFromInline static let clusterFlag: UInt32 = 0x8000_0000
    @usableFromInline static let valueMask: UInt32 = 0x1FFF_FFFF
    @usableFromInline static let widthShift: UInt32 = 29
    @usableFromInline static let width1: UInt32 = 1 << 29
    @usableFromInline static let width2: UInt32 = 2 << 29

    /// An empty cell with the default style.
    public static let blank = Cell(content: width1, style: .default)

    @inline(__always)
    init(content: UInt32, style: CellStyle) {
        self.content = content
        self.style = style
    }

    /// An empty cell drawn with `style` (erased cells keep the background colour).
    /// - Parameter style: The style, usually only its background matters.
    @inline(__always)
    public init(blankWith style: CellStyle) {
        self.content = Cell.width1
        self.style = style
    }

    /// A cell holding one scalar, with the width the scalar needs (clamped to 1…2).
    /// - Parameters:
    ///   - scalar: The character. Use `Grid.put(_:x:y:style:)` for multi-scalar characters.
    ///   - style: Colours and attributes.
    public init(_ scalar: Unicode.Scalar, style: CellStyle = .default) {
        let w = UInt32(max(1, CharacterWidth.width(of: scalar.value)))
        self.content = scalar.value | w << Cell.widthShift
        self.style = style
    }

    /// Columns this cell's character covers: 1, 2 (left half of a wide character), or 0 (right half).
    @inline(__always)
    public var width: Int { Int((content >> Cell.widthShift) & 0x3) }

    /// Whether the cell was never written or was erased (it prints as a space).
    @inline(__always)
    public var isEmpty: Bool { content & (Cell.clusterFlag | Cell.valueMask) == 0 }

    /// Whether the cell is the right half of a wide character.
    @inline(__always)
    public var isWideContinuation: Bool { content >> Cell.widthShift & 0x3 == 0 }

    /// Whether the character is a multi-scalar cluster stored in the owning grid.
    @inline(__always)
    public var isCluster: Bool { content & Cell.clusterFlag != 0 }

    /// The single scalar this cell holds; nil for empty cells, continuations and clusters.
    public var scalar: Unicode.Scalar? {
        if isCluster || isEmpty || isWideContinuation { return nil }
        return Unicode.Scalar(content & Cell.valueMask)
    }

    @inline(__always)
    var value: UInt32 { content & Cell.valueMask }

    /// The text colour.
    public var foreground: TerminalColor {
        get { style.foreground }
        set { style.foreground = newValue }
    }

    /// The background colour.
    public var background: TerminalColor {
        get { style.background }
        set { style.background = newValue }
    }

    /// Bold, dim, italic and the other flags.
    public var attributes: CellAttributes {
        get { style.attributes }
        set { style.attributes = newValue }
    }

    /// The underline style.
    public var underline: UnderlineStyle {
        get { style.underline }
        set { style.underline = newValue }
    }
}
