import Foundation
import RClaudeCore

/// Turns agent events into the task detail's lines for a given width.
///
/// Assistant text is wrapped; each tool call is one line with its name and key input; tool results
/// and thinking are folded to one line until expanded; errors are marked. Pure: the reducer caches
/// the result in `TaskDetailState` and the view draws it.
public enum DetailLineBuilder {
    /// The lines of every event.
    /// - Parameters:
    ///   - events: The task's events, oldest first.
    ///   - expanded: Indexes of events shown unfolded.
    ///   - width: The text width.
    /// - Returns: The lines.
    public static func lines(for events: [AgentEvent], expanded: Set<Int>, width: Int) -> [DetailLine] {
        var result: [DetailLine] = []
        for (index, event) in events.enumerated() {
            result.append(contentsOf: lines(for: event, index: index, expanded: expanded.contains(index), width: width))
        }
        return result
    }

    /// The lines of one event.
    public static func lines(for event: AgentEvent, index: Int, expanded: Bool, width: Int) -> [DetailLine] {
        let w = max(1, width)
        switch event {
        case .initialized(let s):
            var parts = ["session started"]
            if let model = s.model { parts.append("model \(model)") }
            if !s.tools.isEmpty { parts.append("\(s.tools.count) tools") }
            if let cwd = s.cwd { parts.append(cwd) }
            return [
                DetailLine(eventIndex: index, spans: [Span("◆ " + clean(parts.joined(separator: " · ")), .eventMeta)])
            ]
        case .assistantText(let t):
            return TextLayout.wrap(TextLayout.sanitize(t.text, keepNewlines: true), width: w).map {
                DetailLine(eventIndex: index, spans: [Span($0, .eventAssistant)])
            }
        case .thinking(let t):
            let text = TextLayout.sanitize(t.text, keepNewlines: true)
            if expanded {
                return TextLayout.wrap("✻ " + text, width: w).map {
                    DetailLine(eventIndex: index, spans: [Span($0, .eventThinking)], isFoldable: true)
                }
            }
            let first = firstLine(text)
            return [
                DetailLine(
                    eventIndex: index, spans: [Span("✻ " + first + (text.contains("\n") ? " …" : ""), .eventThinking)],
                    isFoldable: true)
            ]
        case .toolUse(let u):
            let name = clean(u.name)
            let prefix = u.parentToolUseID == nil ? "▸ " : "  ▹ "
            if expanded {
                var out = [DetailLine(eventIndex: index, spans: [Span(prefix + name, .eventTool)], isFoldable: true)]
                for line in TextLayout.wrap(
                    TextLayout.sanitize(prettyInput(u.input), keepNewlines: true), width: max(1, w - 4))
                {
                    out.append(
                        DetailLine(eventIndex: index, spans: [Span("    " + line, .eventToolInput)], isFoldable: true))
                }
                return out
            }
            let key = u.keyInput.map { firstLine(TextLayout.sanitize($0, keepNewlines: true)) } ?? ""
            return [
                DetailLine(
                    eventIndex: index, spans: [Span(prefix + name, .eventTool), Span("  " + key, .eventToolInput)],
                    isFoldable: true)
            ]
        case .toolResult(let r):
            let text = TextLayout.sanitize(r.content, keepNewlines: true)
            let role: ThemeRole = r.isError ? .eventError : .eventResult
            let marker = r.isError ? "  ✗ " : "  ↳ "
            let lineCount = text.isEmpty ? 0 : text.split(separator: "\n", omittingEmptySubsequences: false).count
            if expanded {
                var out = [
                    DetailLine(
                        eventIndex: index,
                        spans: [Span(marker + "\(lineCount) line\(lineCount == 1 ? "" : "s")", role)], isFoldable: true)
                ]
                for line in TextLayout.wrap(text, width: max(1, w - 4)) {
                    out.append(DetailLine(eventIndex: index, spans: [Span("    " + line, role)], isFoldable: true))
                }
                return out
            }
            let first = firstLine(text)
            let more = lineCount > 1 ? "  (\(lineCount) lines)" : ""
            return [
                DetailLine(
                    eventIndex: index,
                    spans: [Span(marker + (first.isEmpty ? "(no output)" : first), role), Span(more, .textDim)],
                    isFoldable: true)
            ]
        case .apiRetry(let r):
            var text = "↻ API retry"
            if let a = r.attempt { text += " \(a)" + (r.maxRetries.map { "/\($0)" } ?? "") }
            if let s = r.errorStatus { text += " (HTTP \(s))" }
            if let e = r.error { text += " " + clean(e) }
            return [DetailLine(eventIndex: index, spans: [Span(text, .eventMeta)])]
        case .result(let r):
            var parts: [String] = []
            if let turns = r.turns { parts.append("\(turns) turn\(turns == 1 ? "" : "s")") }
            if let cost = r.costUSD { parts.append(Format.cost(cost)) }
            if let ms = r.durationMS { parts.append(Format.duration(Double(ms) / 1000)) }
            let summary = parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
            if r.isError {
                return TextLayout.wrap("✗ failed: " + TextLayout.sanitize(r.failureReason) + summary, width: w).map {
                    DetailLine(eventIndex: index, spans: [Span($0, .eventError)])
                }
            }
            return [DetailLine(eventIndex: index, spans: [Span("✓ done" + summary, .eventSuccess)])]
        case .error(let e):
            return TextLayout.wrap("✗ " + TextLayout.sanitize(e.message, keepNewlines: true), width: w).map {
                DetailLine(eventIndex: index, spans: [Span($0, .eventError)])
            }
        case .output(let o):
            let role: ThemeRole = o.stream == "stderr" ? .eventStderr : .eventOutput
            return TextLayout.wrap(TextLayout.sanitize(o.text), width: w).map {
                DetailLine(eventIndex: index, spans: [Span($0, role)])
            }
        case .raw(let r):
            return [DetailLine(eventIndex: index, spans: [Span("? " + clean(r.line), .eventMeta)])]
        }
    }

    static func clean(_ text: String) -> String { TextLayout.sanitize(text) }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
    }

    static func prettyInput(_ input: JSONValue) -> String {
        if case .object(let object) = input {
            return object.keys.sorted().map { key in
                let value = object[key].map { $0.stringValue ?? $0.compactText } ?? ""
                return "\(key): \(value)"
            }.joined(separator: "\n")
        }
        return input.compactText
    }
}
