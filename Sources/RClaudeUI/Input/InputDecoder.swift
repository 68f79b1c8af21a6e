import RClaudeTerminal

/// What a backend reads from the terminal before decoding: a character code, a key the terminal
/// library already decoded, a mouse event, or a new size.
public enum RawInput: Sendable, Equatable {
    /// A character code (Unicode scalar or C0 control).
    case character(UInt32)
    /// A decoded special key.
    case key(KeyEvent)
    /// A mouse event in screen cells.
    case mouse(MouseEvent)
    /// The window's new size.
    case resize(Size)
}

/// Turns raw terminal input into `InputEvent`s: control codes become Ctrl-keys, ESC + key becomes
/// Alt-key, and bracketed paste (`ESC [200~ … ESC [201~`) becomes one `.paste`.
///
/// Call `flush()` when no more input is immediately available, so a lone Escape is delivered.
public struct InputDecoder: Sendable {
    private var pendingEscape = false
    private var sequence: [UInt32]?
    private var paste: [UInt32]?
    private var osc: [UInt32]?

    /// Creates a decoder.
    public init() {}

    /// Whether the decoder holds part of a sequence (the caller should flush soon).
    public var isPending: Bool { pendingEscape || sequence != nil }

    /// Decodes one raw input.
    public mutating func feed(_ raw: RawInput) -> [InputEvent] {
        if paste != nil { return feedPaste(raw) }
        if var string = osc {
            // A late answer to a terminal query (OSC … BEL or ST): swallowed, never typed.
            guard case .character(let c) = raw else { return [] }
            if c == 0x07 || (c == 0x5C && string.last == 0x1B) || string.count > 512 {
                osc = nil
            } else {
                string.append(c)
                osc = string
            }
            return []
        }
        if var seq = sequence {
            guard case .character(let c) = raw else {
                sequence = nil
                return [] + feed(raw)
            }
            seq.append(c)
            if (0x40...0x7E).contains(c) || seq.count > 16 {
                sequence = nil
                if seq == [0x5B, 0x32, 0x30, 0x30, 0x7E] {
                    paste = []
                    return []
                }
                return decodeCSI(seq)
            }
            sequence = seq
            return []
        }
        switch raw {
        case .resize(let size):
            return flush() + [.resize(size)]
        case .mouse(let m):
            return flush() + [.mouse(m)]
        case .key(var event):
            if pendingEscape {
                pendingEscape = false
                event.modifiers.insert(.alt)
            }
            return [.key(event)]
        case .character(let c):
            if c == 0x1B {
                if pendingEscape { return [.key(KeyEvent(.escape))] }
                pendingEscape = true
                return []
            }
            if pendingEscape {
                pendingEscape = false
                if c == 0x5B {
                    sequence = [c]
                    return []
                }
                if c == 0x5D {
                    osc = []
                    return []
                }
                guard var event = InputDecoder.key(forCharacter: c) else { return [.key(KeyEvent(.escape))] }
                event.modifiers.insert(.alt)
                return [.key(event)]
            }
            return InputDecoder.key(forCharacter: c).map { [.key($0)] } ?? []
        }
    }

    /// Delivers anything held back: a lone Escape, or an unfinished sequence as Alt-keys.
    public mutating func flush() -> [InputEvent] {
        var events: [InputEvent] = []
        if pendingEscape {
            pendingEscape = false
            events.append(.key(KeyEvent(.escape)))
        }
        if let seq = sequence {
            sequence = nil
            for (i, c) in seq.enumerated() {
                guard var event = InputDecoder.key(forCharacter: c) else { continue }
                if i == 0 { event.modifiers.insert(.alt) }
                events.append(.key(event))
            }
        }
        return events
    }

    private mutating func feedPaste(_ raw: RawInput) -> [InputEvent] {
        guard case .character(let c) = raw, var text = paste else { return [] }
        text.append(c)
        let end: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]
        if text.count >= end.count && Array(text.suffix(end.count)) == end {
            paste = nil
            let body = text.dropLast(end.count).compactMap { Unicode.Scalar($0) }
            var string = String.UnicodeScalarView()
            string.append(contentsOf: body)
            return [.paste(String(string))]
        }
        if text.count > 4 << 20 {
            paste = nil
            return []
        }
        paste = text
        return []
    }

    /// A few CSI sequences curses leaves undecoded (focus reports are dropped).
    private func decodeCSI(_ seq: [UInt32]) -> [InputEvent] {
        let text = String(String.UnicodeScalarView(seq.compactMap { Unicode.Scalar($0) }))
        switch text {
        case "[A": return [.key(KeyEvent(.up))]
        case "[B": return [.key(KeyEvent(.down))]
        case "[C": return [.key(KeyEvent(.right))]
        case "[D": return [.key(KeyEvent(.left))]
        case "[Z": return [.key(KeyEvent(.tab, modifiers: .shift))]
        default: return []
        }
    }

    /// The key a character code stands for: C0 codes are Ctrl-keys, DEL is Backspace.
    public static func key(forCharacter c: UInt32) -> KeyEvent? {
        switch c {
        case 0x0D, 0x0A: return KeyEvent(.enter)
        case 0x09: return KeyEvent(.tab)
        case 0x7F, 0x08: return KeyEvent(.backspace)
        case 0x1B: return KeyEvent(.escape)
        case 0x00: return KeyEvent(.character(" "), modifiers: .control)
        case 0x01...0x1A:
            guard let scalar = Unicode.Scalar(c + 0x60) else { return nil }
            return KeyEvent(.character(Character(scalar)), modifiers: .control)
        case 0x1C: return KeyEvent(.character("\\"), modifiers: .control)
        case 0x1D: return KeyEvent(.character("]"), modifiers: .control)
        case 0x1E: return KeyEvent(.character("^"), modifiers: .control)
        case 0x1F: return KeyEvent(.character("_"), modifiers: .control)
        default:
            guard let scalar = Unicode.Scalar(c), c >= 0x20 else { return nil }
            return KeyEvent(.character(Character(scalar)))
        }
    }
}
