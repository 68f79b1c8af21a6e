import Foundation

/// Decodes the Gemini CLI's `gemini -p PROMPT --output-format stream-json` lines into
/// `AgentEvent`s.
///
/// - `init` becomes `.initialized` (session id and model).
/// - Assistant text arrives as `message` deltas; consecutive deltas are joined into one
///   `.assistantText`, written when the next other event (or the end of output) arrives. The
///   echoed user prompt is dropped.
/// - `tool_use` / `tool_result` become `.toolUse` / `.toolResult`, paired by `tool_id`.
/// - `error` (non-fatal, `severity` warning or error) becomes `.error`.
/// - `result` becomes `.result`: `status` decides success; `stats` gives usage and duration.
///   Gemini reports no cost. Output that ends without a `result` gets a failed one from `finish()`.
/// - Stray text (such as "Loaded cached credentials.") is kept as `.raw`; when it is glued to the
///   front of a JSON event, the event is still decoded.
public struct GeminiStreamDecoder: AgentOutputDecoder {
    /// The Gemini session id seen so far.
    public private(set) var sessionID: String?
    private var toolNames: [String: String] = [:]
    private var pendingText = ""
    private var lastText: String?
    private var lastError: String?
    private var sawResult = false

    /// Creates a decoder.
    public init() {}

    public mutating func decode(line: [UInt8]) -> [AgentEvent] {
        switch JSONLine.read(line) {
        case .blank:
            return []
        case .event(let type, let value, let text):
            return decode(type: type, value: value, text: text)
        case .raw(let raw):
            // Joined text goes first, so events keep their order.
            var events = flushText()
            // Text glued in front of an event: keep the text, decode the event.
            guard let start = Self.eventStart(in: line), start > 0 else { return events + [.raw(raw)] }
            let prefix = String(decoding: line[..<start], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            events.append(.raw(RawLine(line: prefix, note: "not a JSON object")))
            switch JSONLine.read(Array(line[start...])) {
            case .blank: break
            case .raw(let rest): events.append(.raw(rest))
            case .event(let type, let value, let text): events += decode(type: type, value: value, text: text)
            }
            return events
        }
    }

    public mutating func finish() -> [AgentEvent] {
        var events = flushText()
        if !sawResult {
            sawResult = true
            var reason = "gemini stopped before it reported a result"
            if let lastError { reason += ": \(lastError)" } else { reason += "; its stderr may say why" }
            events.append(.result(RunResult(isError: true, text: reason, sessionID: sessionID)))
        }
        return events
    }

    // MARK: - Events

    private mutating func decode(type: String, value: JSONValue, text: String) -> [AgentEvent] {
        if type == "message" {
            return decodeMessage(value, text: text)
        }
        var events = flushText()
        switch type {
        case "init":
            let id = value["session_id"]?.stringValue
            if let id { sessionID = id }
            events.append(
                .initialized(
                    SessionStarted(
                        sessionID: id, model: value["model"]?.stringValue, cwd: nil, tools: [], agentVersion: nil,
                        permissionMode: nil)))
        case "tool_use":
            guard let id = value["tool_id"]?.stringValue, let name = value["tool_name"]?.stringValue else {
                events.append(.raw(RawLine(line: text, note: "tool_use without string 'tool_id' and 'tool_name'")))
                return events
            }
            toolNames[id] = name
            events.append(.toolUse(ToolUse(id: id, name: name, input: value["parameters"] ?? .null, messageID: nil)))
        case "tool_result":
            guard let id = value["tool_id"]?.stringValue else {
                events.append(.raw(RawLine(line: text, note: "tool_result without a string 'tool_id'")))
                return events
            }
            let failed = value["status"]?.stringValue == "error" || value["error"]?["message"] != nil
            let content = value["output"]?.stringValue ?? value["error"]?["message"]?.stringValue ?? ""
            events.append(
                .toolResult(ToolResult(toolUseID: id, toolName: toolNames[id], content: content, isError: failed)))
        case "error":
            guard let message = value["message"]?.stringValue else {
                events.append(.raw(RawLine(line: text, note: "error without a string 'message'")))
                return events
            }
            let severity = value["severity"]?.stringValue ?? "error"
            let shown = severity == "error" ? message : "\(severity): \(message)"
            lastError = shown
            events.append(.error(AgentError(message: shown)))
        case "result":
            events.append(.result(decodeResult(value)))
        default:
            events.append(.raw(RawLine(line: text, note: "unknown type '\(type)'")))
        }
        return events
    }

    private mutating func decodeMessage(_ value: JSONValue, text: String) -> [AgentEvent] {
        guard let content = value["content"]?.stringValue else {
            return flushText() + [.raw(RawLine(line: text, note: "message without a string 'content'"))]
        }
        switch value["role"]?.stringValue {
        case "assistant":
            if value["delta"]?.boolValue == true {
                pendingText += content
                return []
            }
            pendingText += content
            return flushText()
        case "user":
            // The prompt, echoed back.
            return flushText()
        default:
            return flushText() + [.raw(RawLine(line: text, note: "message with an unknown role"))]
        }
    }

    private mutating func flushText() -> [AgentEvent] {
        guard !pendingText.isEmpty else { return [] }
        let text = pendingText
        pendingText = ""
        lastText = text
        return [.assistantText(AssistantText(messageID: nil, text: text))]
    }

    private mutating func decodeResult(_ value: JSONValue) -> RunResult {
        sawResult = true
        let status = value["status"]?.stringValue
        let failed = status != "success"
        let stats = value["stats"]
        var usage: TokenUsage?
        if let stats, case .object = stats {
            let cached = stats["cached"]?.intValue ?? 0
            let input = stats["input"]?.intValue ?? max(0, (stats["input_tokens"]?.intValue ?? 0) - cached)
            usage = TokenUsage(
                inputTokens: input, outputTokens: stats["output_tokens"]?.intValue ?? 0, cacheReadInputTokens: cached)
        }
        var text = lastText
        if failed {
            let message = value["error"]?["message"]?.stringValue ?? lastError ?? "gemini reported status '\(status ?? "none")'"
            let kind = value["error"]?["type"]?.stringValue
            text = kind.map { "\(message) (\($0))" } ?? message
        }
        return RunResult(
            isError: failed, subtype: status, text: text, durationMS: stats?["duration_ms"]?.intValue, usage: usage,
            sessionID: sessionID)
    }

    /// Where a JSON event starts inside a line that has other text before it.
    static func eventStart(in line: [UInt8]) -> Int? {
        let marker = Array(#"{"type":"#.utf8)
        guard line.count >= marker.count else { return nil }
        for index in 0...(line.count - marker.count) where line[index] == 0x7B {
            if Array(line[index..<(index + marker.count)]) == marker { return index }
        }
        return nil
    }
}
