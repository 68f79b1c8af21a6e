import Foundation

/// One line of an agent's NDJSON output, read leniently: surrounding whitespace and a trailing
/// CR are dropped, and a line that is not a JSON object with a string `type` says why.
struct JSONLine {
    /// What reading the line gave.
    enum Reading {
        /// An empty (or all-blank) line.
        case blank
        /// A JSON object with a string `type`, and the line's text (for raw events).
        case event(type: String, value: JSONValue, text: String)
        /// Anything else, kept as a raw line with the reason.
        case raw(RawLine)
    }

    /// Reads `line`.
    ///
    /// - Parameter line: the bytes of one line, without its newline.
    /// - Returns: the reading; invalid UTF-8 makes the line raw (its text shows U+FFFD).
    static func read(_ line: [UInt8]) -> Reading {
        var trimmed = line[...]
        while let last = trimmed.last, last == 0x0D || last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
        if trimmed.isEmpty { return .blank }
        let text = String(decoding: trimmed, as: UTF8.self)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed)), case .object = value else {
            return .raw(RawLine(line: text, note: "not a JSON object"))
        }
        guard let type = value["type"]?.stringValue else {
            return .raw(RawLine(line: text, note: "no 'type' field"))
        }
        return .event(type: type, value: value, text: text)
    }
}
