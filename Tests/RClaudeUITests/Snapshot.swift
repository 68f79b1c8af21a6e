import Foundation
import RClaudeTerminal
import Testing

/// Compares `text` with `Snapshots/<name>.txt`; records it when the file is missing or
/// `RECORD_SNAPSHOTS=1` is set, and then fails so a recording is never mistaken for a pass.
func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let clean = name.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: "/", with: "-")
    let file = directory.appendingPathComponent(clean + ".txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if !record, let data = try? Data(contentsOf: file) {
        let expected = String(decoding: data, as: UTF8.self)
        if expected != text {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var report = ""
            for i in 0..<max(expectedLines.count, actualLines.count) {
                let e = i < expectedLines.count ? String(expectedLines[i]) : "<none>"
                let a = i < actualLines.count ? String(actualLines[i]) : "<none>"
                if e != a { report += "line \(i + 1):\n  expected: \(e)\n  actual:   \(a)\n" }
            }
            Issue.record(
                "snapshot \(clean) differs (RECORD_SNAPSHOTS=1 re-records):\n\(report)", sourceLocation: sourceLocation)
        }
        return
    }
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try? Data(text.utf8).write(to: file)
    Issue.record("recorded snapshot \(clean); run the tests again", sourceLocation: sourceLocation)
}

extension Grid {
    /// Every row's runs of one style, as `y: x0-x1 fg/bg attrs` (`-` for the default colour): colour
    /// snapshots that stay readable in a diff.
    func styleDump() -> String {
        func color(_ c: TerminalColor) -> String {
            switch c {
            case .default: return "-"
            case .indexed(let i): return String(i)
            case .rgb(let r, let g, let b): return "#" + [r, g, b].map { String($0, radix: 16) }.joined()
            }
        }
        func describe(_ s: CellStyle) -> String {
            var text = color(s.foreground) + "/" + color(s.background)
            let names: [(CellAttributes, String)] = [
                (.bold, "b"), (.dim, "d"), (.italic, "i"), (.inverse, "r"), (.overline, "o"),
            ]
            let flags = names.filter { s.attributes.contains($0.0) }.map(\.1).joined()
            if !flags.isEmpty { text += " " + flags }
            if s.underline != .none { text += " u" }
            return text
        }
        var out = ""
        for y in 0..<height {
            var runs: [String] = []
            var start = 0
            while start < width {
                let style = self[start, y].style
                var end = start
                while end + 1 < width && self[end + 1, y].style == style { end += 1 }
                if !style.isDefault { runs.append("\(start)-\(end) \(describe(style))") }
                start = end + 1
            }
            out += "\(y): " + runs.joined(separator: ", ") + "\n"
        }
        return out
    }
}
