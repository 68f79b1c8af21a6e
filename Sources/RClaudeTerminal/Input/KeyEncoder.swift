// Turns the user's keys, pastes, mouse and focus events into the bytes the application in the pane
// expects, following xterm's conventions and the modes the application set (application cursor keys,
// bracketed paste, mouse tracking and encoding, focus reporting, LNM).

/// Encodes input events for the application, according to its current modes.
public enum KeyEncoder {
    /// The bytes for a key press.
    /// - Parameters:
    ///   - event: The key and modifiers.
    ///   - modes: The application's modes (`Emulator.modes`).
    /// - Returns: Bytes to write to the application's PTY; empty for keys that send nothing.
    public static func encode(_ event: KeyEvent, modes: TerminalModes) -> [UInt8] {
        let m = event.modifiers
        let modified = !m.isEmpty
        let param = m.xtermParameter
        switch event.key {
        case .character(let character):
            return encodeCharacter(character, modifiers: m)
        case .enter:
            let base: [UInt8] = modes.newlineMode ? [0x0D, 0x0A] : [0x0D]
            return m.contains(.alt) ? [0x1B] + base : base
        case .tab:
            if m.contains(.shift) { return csi("Z") }
            return m.contains(.alt) ? [0x1B, 0x09] : [0x09]
        case .backspace:
            let base: UInt8 = m.contains(.control) ? 0x08 : 0x7F
            return m.contains(.alt) ? [0x1B, base] : [base]
        case .escape:
            return m.contains(.alt) ? [0x1B, 0x1B] : [0x1B]
        case .up: return cursorKey("A", param: param, modified: modified, modes: modes)
        case .down: return cursorKey("B", param: param, modified: modified, modes: modes)
        case .right: return cursorKey("C", param: param, modified: modified, modes: modes)
        case .left: return cursorKey("D", param: param, modified: modified, modes: modes)
        case .home: return cursorKey("H", param: param, modified: modified, modes: modes)
        case .end: return cursorKey("F", param: param, modified: modified, modes: modes)
        case .insert: return tilde(2, param: param, modified: modified)
        case .delete: return tilde(3, param: param, modified: modified)
        case .pageUp: return tilde(5, param: param, modified: modified)
        case .pageDown: return tilde(6, param: param, modified: modified)
        case .function(let n):
            switch n {
            case 1...4:
                let final = ["P", "Q", "R", "S"][n - 1]
                return modified ? csi("1;\(param)" + final) : Array("\u{1B}O\(final)".utf8)
            case 5...20:
                let codes = [15, 17, 18, 19, 20, 21, 23, 24, 25, 26, 28, 29, 31, 32, 33, 34]
                return tilde(codes[n - 5], param: param, modified: modified)
            default:
                return []
            }
        }
    }

    /// A printable character, with Control turning letters and some symbols into C0 codes and Alt adding
    /// an ESC prefix.
    static func encodeCharacter(_ character: Character, modifiers m: KeyModifiers) -> [UInt8] {
        var bytes = Array(String(character).utf8)
        if m.contains(.control), let control = controlCode(character) {
            bytes = [control]
        }
        if m.contains(.alt) { bytes.insert(0x1B, at: 0) }
        return bytes
    }

    /// The C0 code Control plus `character` sends (xterm's legacy table), if any.
    static func controlCode(_ character: Character) -> UInt8? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
            scalar.value < 0x80
        else { return nil }
        let v = UInt8(scalar.value)
        switch v {
        case 0x61...0x7A: return v - 0x60  // a–z
        case 0x40...0x5F: return v - 0x40  // @, A–Z, [ \ ] ^ _
        case 0x20, 0x32: return 0x00  // space, 2
        case 0x33...0x37: return v - 0x33 + 0x1B  // 3–7: ESC, FS, GS, RS, US
        case 0x38, 0x3F: return 0x7F  // 8, ?
        case 0x2F: return 0x1F  // /
        default: return nil
        }
    }

    private static func csi(_ text: String) -> [UInt8] {
        Array("\u{1B}[\(text)".utf8)
    }

    private static func cursorKey(_ final: String, param: Int, modified: Bool, modes: TerminalModes) -> [UInt8] {
        if modified { return csi("1;\(param)\(final)") }
        return Array((modes.applicationCursorKeys ? "\u{1B}O" : "\u{1B}[").utf8) + Array(final.utf8)
    }

    private static func tilde(_ code: Int, param: Int, modified: Bool) -> [UInt8] {
        modified ? csi("\(code);\(param)~") : csi("\(code)~")
    }

    // MARK: - Paste

    /// The bytes for pasted text: newlines become CR, control characters (ESC included) are removed so
    /// a paste cannot smuggle key sequences, and in bracketed-paste mode the text is wrapped in
    /// `CSI 200 ~` … `CSI 201 ~`.
    /// - Parameters:
    ///   - text: The pasted text.
    ///   - modes: The application's modes.
    /// - Returns: Bytes to write to the application's PTY.
    public static func encodePaste(_ text: String, modes: TerminalModes) -> [UInt8] {
        var body = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A {
                if !previousCR { body.append("\r") }
                previousCR = false
                continue
            }
            previousCR = v == 0x0D
            if v == 0x0D || v == 0x09 {
                body.append(scalar)
                continue
            }
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) { continue }
            body.append(scalar)
        }
        let bytes = Array(String(body).utf8)
        guard modes.bracketedPaste else { return bytes }
        return Array("\u{1B}[200~".utf8) + bytes + Array("\u{1B}[201~".utf8)
    }

    // MARK: - Focus

    /// The report for a focus change (`CSI I` / `CSI O`), or nothing when the application did not ask
    /// for focus events (DECSET 1004).
    /// - Parameters:
    ///   - focused: Whether the pane gained focus.
    ///   - modes: The application's modes.
    /// - Returns: Bytes to write, possibly empty.
    public static func encodeFocus(_ focused: Bool, modes: TerminalModes) -> [UInt8] {
        guard modes.focusEvents else { return [] }
        return csi(focused ? "I" : "O")
    }

    // MARK: - Mouse

    /// The report for a mouse event, in the tracking mode and encoding the application chose; empty when
    /// the application does not want this event (or its position cannot be encoded).
    /// - Parameters:
    ///   - event: The event, in pane cell coordinates.
    ///   - modes: The application's modes.
    /// - Returns: Bytes to write, possibly empty.
    public static func encodeMouse(_ event: MouseEvent, modes: TerminalModes) -> [UInt8] {
        let tracking = modes.mouseTracking
        switch (tracking, event.kind) {
        case (.none, _):
            return []
        case (.x10, .release), (.x10, .motion), (.normal, .motion):
            return []
        case (.buttonEvent, .motion) where event.button == .none:
            return []
        default:
            break
        }
        var code: Int
        switch event.kind {
        case .scrollUp: code = 64
        case .scrollDown: code = 65
        case .release:
            code = modes.mouseEncoding == .sgr ? buttonNumber(event.button) : 3
        case .press:
            code = buttonNumber(event.button)
        case .motion:
            code = 32 + (event.button == .none ? 3 : buttonNumber(event.button))
        }
        if tracking != .x10 {
            if event.modifiers.contains(.shift) { code += 4 }
            if event.modifiers.contains(.alt) || event.modifiers.contains(.meta) { code += 8 }
            if event.modifiers.contains(.control) { code += 16 }
        }
        let x = max(0, event.x) + 1
        let y = max(0, event.y) + 1
        switch modes.mouseEncoding {
        case .sgr:
            return csi("<\(code);\(x);\(y)" + (event.kind == .release ? "m" : "M"))
        case .urxvt:
            return csi("\(code + 32);\(x);\(y)M")
        case .utf8:
            guard x + 32 < 0x800, y + 32 < 0x800,
                let cx = Unicode.Scalar(UInt32(x + 32)), let cy = Unicode.Scalar(UInt32(y + 32))
            else { return [] }
            var s = "\u{1B}[M"
            s.unicodeScalars.append(contentsOf: [Unicode.Scalar(UInt8(code + 32)), cx, cy])
            return Array(s.utf8)
        case .x10:
            guard x + 32 <= 255, y + 32 <= 255 else { return [] }
            return [0x1B, 0x5B, 0x4D, UInt8(code + 32), UInt8(x + 32), UInt8(y + 32)]
        }
    }

    private static func buttonNumber(_ button: MouseButton) -> Int {
        switch button {
        case .left: return 0
        case .middle: return 1
        case .right: return 2
        case .none: return 3
        }
    }
}
