/// The key that detaches `rclaude attach` from a task (default Ctrl-\, which neither shells nor
/// Claude Code bind). Set `RCLAUDE_DETACH_KEY` to e.g. `ctrl-]`, `C-q` or `^T`.
struct DetachKey: Equatable {
    /// The byte the key sends.
    let byte: UInt8
    /// How it is shown to the user.
    let label: String

    static let `default` = DetachKey(byte: 0x1C, label: "Ctrl-\\")

    /// Parses `ctrl-x`, `C-x` or `^x` (a letter or one of `@[\]^_`).
    static func parse(_ text: String) -> DetachKey? {
        let lowered = text.lowercased()
        var key: Substring
        if lowered.hasPrefix("ctrl-") || lowered.hasPrefix("ctrl+") {
            key = text.dropFirst(5)
        } else if lowered.hasPrefix("c-") {
            key = text.dropFirst(2)
        } else if lowered.hasPrefix("^") {
            key = text.dropFirst(1)
        } else {
            return nil
        }
        guard key.count == 1, let scalar = key.unicodeScalars.first, scalar.isASCII else { return nil }
        let upper = Character(scalar).uppercased().unicodeScalars.first?.value ?? 0
        guard upper >= 0x40 && upper <= 0x5F else { return nil }
        return DetachKey(byte: UInt8(upper - 0x40), label: "Ctrl-\(Character(UnicodeScalar(UInt8(upper))))")
    }

    static func fromEnvironment(_ environment: [String: String]) -> DetachKey {
        guard let text = environment["RCLAUDE_DETACH_KEY"], !text.isEmpty else { return .default }
        if let key = parse(text) { return key }
        StandardStreams.warn("RCLAUDE_DETACH_KEY='\(text)' is not a control key like 'ctrl-]'; using Ctrl-\\")
        return .default
    }
}
