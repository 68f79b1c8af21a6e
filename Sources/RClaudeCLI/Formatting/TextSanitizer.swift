/// Makes untrusted text (agent prose, tool output) safe to print on the user's terminal:
/// escape sequences and other control characters become visible placeholders, so output from a
/// sandbox can never move the cursor, set the title, write the clipboard or answer queries.
enum TextSanitizer {
    /// The text with every C0/C1 control except newline and tab replaced by `^X` notation.
    static func sanitize(_ text: String, keepNewlines: Bool = true) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines, 0x09:
                result.unicodeScalars.append(scalar)
            case 0x0A:
                result += "⏎"
            case 0x00..<0x20:
                result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                result += "^?"
            case 0x80..<0xA0:
                result += "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Raw output bytes made printable (for `logs` on a terminal).
    static func sanitize(bytes: [UInt8]) -> String {
        sanitize(String(decoding: bytes, as: UTF8.self))
    }
}
