import RClaudeTerminal

/// The prefix key that takes the keyboard back from an attached terminal pane.
///
/// The default is Ctrl-\, the same key as `rclaude attach`; neither shells nor Claude Code bind it
/// (Ctrl-b belongs to Claude Code).
public struct DetachKey: Sendable, Equatable {
    /// The key event.
    public var event: KeyEvent
    /// How it is shown (`Ctrl-\`).
    public var label: String

    /// Creates a detach key.
    public init(event: KeyEvent, label: String) {
        self.event = event
        self.label = label
    }

    /// The byte the key sends on a raw terminal (Ctrl-X is 0x18).
    public var byte: UInt8 {
        guard case .character(let c) = event.key, let value = c.uppercased().unicodeScalars.first?.value,
            value >= 0x40, value <= 0x5F
        else { return 0x1C }
        return UInt8(value - 0x40)
    }

    /// Ctrl-\.
    public static let `default` = DetachKey(event: KeyEvent(.character("\\"), modifiers: .control), label: "Ctrl-\\")

    /// Parses `ctrl-x`, `C-x` or `^x` (a letter or one of `@[\]^_`); nil for anything else.
    public static func parse(_ text: String) -> DetachKey? {
        guard let event = KeySpec.parse(text), event.modifiers == .control, case .character(let c) = event.key,
            let scalar = c.unicodeScalars.first, scalar.isASCII
        else { return nil }
        let upper = Character(scalar).uppercased()
        guard let value = upper.unicodeScalars.first?.value, value >= 0x40, value <= 0x5F else { return nil }
        return DetachKey(event: event, label: "Ctrl-\(upper)")
    }
}
