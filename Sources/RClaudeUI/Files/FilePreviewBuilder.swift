/// Builds file browser previews from bytes and diff text (pure).
public enum FilePreviewBuilder {
    /// The longest line kept in a preview, in characters.
    static let maxLineLength = 2000

    /// A file preview: text split into sanitized lines, or `.binary` for data that is not text.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - bytes: Its first bytes.
    ///   - limit: How many bytes were asked for (a full read means the file may be longer).
    public static func file(path: String, bytes: [UInt8], limit: Int) -> FileBrowserState.Preview {
        if isBinary(bytes) {
            return FileBrowserState.Preview(
                path: path, kind: .binary,
                lines: ["binary file, \(bytes.count)\(bytes.count >= limit ? "+" : "") bytes"])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let clean = TextLayout.sanitize(String(line.prefix(maxLineLength)))
            return clean
        }
        if lines.last == "" { lines.removeLast() }
        if bytes.count >= limit { lines.append("… (preview stops at \(limit / 1024) KiB)") }
        return FileBrowserState.Preview(path: path, kind: .file, lines: lines)
    }

    /// A diff preview.
    public static func diff(path: String, text: String) -> FileBrowserState.Preview {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            TextLayout.sanitize(String($0.prefix(maxLineLength)))
        }
        if lines.last == "" { lines.removeLast() }
        if lines.isEmpty { lines = ["(no changes)"] }
        return FileBrowserState.Preview(path: path, kind: .diff, lines: lines)
    }

    /// Whether bytes look like binary data: a NUL byte, or mostly invalid UTF-8 / control bytes.
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        if sample.contains(0) { return true }
        guard !sample.isEmpty else { return false }
        var controls = 0
        for b in sample where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x1B && b != 0x0C {
            controls += 1
        }
        let text = String(decoding: sample, as: UTF8.self)
        let replacements = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        return controls * 10 > sample.count || replacements * 10 > sample.count
    }

    /// The theme role of a diff line.
    public static func role(forDiffLine line: String) -> ThemeRole {
        if line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("diff ") || line.hasPrefix("index ") {
            return .diffHeader
        }
        if line.hasPrefix("@@") { return .diffHunk }
        if line.hasPrefix("+") { return .diffAdded }
        if line.hasPrefix("-") { return .diffRemoved }
        return .diffContext
    }
}
