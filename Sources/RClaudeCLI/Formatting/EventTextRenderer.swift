import Foundation
import RClaudeCore

/// Renders agent events as readable lines for `run` and `logs`: assistant text, one line per
/// tool call with its key input, results folded to one line, and a closing summary.
struct EventTextRenderer {
    /// Whether to color the output (a terminal that did not opt out).
    var color: Bool
    /// The widest a folded line may be.
    var width: Int = 120
    private var lastMessageID: String?

    init(color: Bool, width: Int = 120) {
        self.color = color
        self.width = max(40, width)
    }

    /// The text for one event (may be empty).
    mutating func render(_ event: AgentEvent) -> String {
        switch event {
        case .initialized(let s):
            return dim("● session \(s.sessionID ?? "?") · \(s.model ?? "default model") · \(s.cwd.map { TextSanitizer.sanitize($0) } ?? "")") + "\n"
        case .assistantText(let t):
            let text = TextSanitizer.sanitize(t.text).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return "" }
            let lead = lastMessageID == t.messageID && t.messageID != nil ? "  " : ""
            lastMessageID = t.messageID
            return lead + text + "\n"
        case .thinking(let t):
            return dim("  ∴ " + fold(TextSanitizer.sanitize(t.text, keepNewlines: false))) + "\n"
        case .toolUse(let use):
            lastMessageID = use.messageID
            let key = use.keyInput.map { " " + fold(TextSanitizer.sanitize($0, keepNewlines: false)) } ?? ""
            return paint("→ \(TextSanitizer.sanitize(use.name))", code: "36") + key + "\n"
        case .toolResult(let result):
            let content = TextSanitizer.sanitize(result.content, keepNewlines: false)
            let lines = result.content.split(separator: "\n", omittingEmptySubsequences: false).count
            let more = lines > 1 ? dim(" (+\(lines - 1) lines)") : ""
            let mark = result.isError ? paint("  ✗ ", code: "31") : dim("  ← ")
            return mark + fold(content.isEmpty ? "(no output)" : content) + more + "\n"
        case .apiRetry(let r):
            return paint("  ↻ retrying API request (attempt \(r.attempt ?? 0)/\(r.maxRetries ?? 0), \(r.error ?? "status \(r.errorStatus ?? 0)"))", code: "33") + "\n"
        case .result(let r):
            var parts: [String] = []
            if let turns = r.turns { parts.append("\(turns) turn\(turns == 1 ? "" : "s")") }
            if let cost = r.costUSD { parts.append(String(format: "$%.4f", cost)) }
            if let ms = r.durationMS { parts.append(String(format: "%.1fs", Double(ms) / 1000)) }
            if let usage = r.usage { parts.append("\(usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens) in / \(usage.outputTokens) out tokens") }
            let summary = parts.joined(separator: " · ")
            if r.isError {
                return paint("✗ failed: \(TextSanitizer.sanitize(r.failureReason))", code: "31") + (summary.isEmpty ? "" : dim(" · " + summary)) + "\n"
            }
            return paint("✓ done", code: "32") + (summary.isEmpty ? "" : dim(" · " + summary)) + "\n"
        case .error(let e):
            return paint("✗ \(TextSanitizer.sanitize(e.message))", code: "31") + "\n"
        case .output(let o):
            return TextSanitizer.sanitize(o.text, keepNewlines: false) + "\n"
        case .raw(let raw):
            return dim("? \(raw.note): \(fold(TextSanitizer.sanitize(raw.line, keepNewlines: false)))") + "\n"
        }
    }

    private func fold(_ text: String) -> String {
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if firstLine.count <= width - 6 { return firstLine }
        return String(firstLine.prefix(width - 7)) + "…"
    }

    private func paint(_ text: String, code: String) -> String { color ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text }
    private func dim(_ text: String) -> String { paint(text, code: "2") }
}
