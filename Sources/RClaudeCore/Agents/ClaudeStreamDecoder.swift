import Foundation

/// Decodes Claude Code's `--output-format stream-json --verbose` lines into `AgentEvent`s.
///
/// - Each content block arrives as its own `assistant` line; blocks of one message share
///   `message.id`, which every produced event carries so views can group them.
/// - Tool results are paired with their call by `tool_use_id` (the result gets the tool's name).
/// - Success is decided by the `result` line's `is_error`, never by its `subtype`.
/// - Unknown types and malformed lines become `.raw` (kept, never a crash).
public struct ClaudeStreamDecoder: AgentOutputDecoder {
    private var toolNames: [String: String] = [:]
    /// The agent session id seen so far.
    public private(set) var sessionID: String?

    /// Creates a decoder.
    public init() {}

    public mutating func decode(line: [UInt8]) -> [AgentEvent] {
        var trimmed = line[...]
        while let last = trimmed.last, last == 0x0D || last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
        if trimmed.isEmpty { return [] }
        let text = String(decoding: trimmed, as: UTF8.self)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed)),
            case .object = value
        else {
            return [.raw(RawLine(line: text, note: "not a JSON object"))]
        }
        if let id = value["session_id"]?.stringValue { sessionID = id }
        guard let type = value["type"]?.stringValue else {
            return [.raw(RawLine(line: text, note: "no 'type' field"))]
        }
        switch type {
        case "system": return decodeSystem(value, text: text)
        case "assistant": return decodeAssistant(value, text: text)
        case "user": return decodeUser(value)
        case "result": return [.result(decodeResult(value))]
        case "error":
            let message = value["error"]?["message"]?.stringValue ?? value["message"]?.stringValue ?? text
            return [.error(AgentError(message: message))]
        case "stream_event", "rate_limit_event", "control_response", "control_request", "keep_alive":
            // Partial deltas and bookkeeping: the complete lines carry the same content.
            return []
        default:
            return [.raw(RawLine(line: text, note: "unknown type '\(type)'"))]
        }
    }

    private func decodeSystem(_ value: JSONValue, text: String) -> [AgentEvent] {
        switch value["subtype"]?.stringValue {
        case "init":
            let tools = value["tools"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return [
                .initialized(
                    SessionStarted(
                        sessionID: value["session_id"]?.stringValue, model: value["model"]?.stringValue,
                        cwd: value["cwd"]?.stringValue, tools: tools,
                        agentVersion: value["claude_code_version"]?.stringValue,
                        permissionMode: value["permissionMode"]?.stringValue))
            ]
        case "api_retry":
            return [
                .apiRetry(
                    APIRetry(
                        attempt: value["attempt"]?.intValue, maxRetries: value["max_retries"]?.intValue,
                        errorStatus: value["error_status"]?.intValue, error: value["error"]?.stringValue))
            ]
        case "status", "hook_started", "hook_response", "task_started", "task_updated", "task_progress",
            "thinking_tokens", "permission_denied", "task_notification":
            // Informational; the tool results and result line carry what the user needs.
            return []
        default:
            return [.raw(RawLine(line: text, note: "unknown system subtype '\(value["subtype"]?.stringValue ?? "")'"))]
        }
    }

    private mutating func decodeAssistant(_ value: JSONValue, text: String) -> [AgentEvent] {
        let message = value["message"]
        let messageID = message?["id"]?.stringValue
        let parent = value["parent_tool_use_id"]?.stringValue
        var events: [AgentEvent] = []
        if let errorKind = value["error"]?.stringValue, message?["model"]?.stringValue == "<synthetic>" {
            let words = Self.text(of: message?["content"]) ?? errorKind
            events.append(.error(AgentError(message: "\(words) (\(errorKind))")))
            return events
        }
        for block in message?["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text":
                if let t = block["text"]?.stringValue { events.append(.assistantText(AssistantText(messageID: messageID, text: t))) }
            case "thinking":
                if let t = block["thinking"]?.stringValue, !t.isEmpty {
                    events.append(.thinking(AssistantText(messageID: messageID, text: t)))
                }
            case "tool_use", "server_tool_use":
                let id = block["id"]?.stringValue ?? ""
                let name = block["name"]?.stringValue ?? "tool"
                toolNames[id] = name
                events.append(
                    .toolUse(
                        ToolUse(id: id, name: name, input: block["input"] ?? .null, messageID: messageID,
                            parentToolUseID: parent)))
            default:
                events.append(.raw(RawLine(line: block.compactText, note: "unknown content block")))
            }
        }
        return events
    }

    private func decodeUser(_ value: JSONValue) -> [AgentEvent] {
        guard let blocks = value["message"]?["content"]?.arrayValue else { return [] }
        var events: [AgentEvent] = []
        for block in blocks where block["type"]?.stringValue == "tool_result" {
            let id = block["tool_use_id"]?.stringValue ?? ""
            events.append(
                .toolResult(
                    ToolResult(
                        toolUseID: id, toolName: toolNames[id], content: Self.text(of: block["content"]) ?? "",
                        isError: block["is_error"]?.boolValue ?? false)))
        }
        return events
    }

    private func decodeResult(_ value: JSONValue) -> RunResult {
        let usage = value["usage"].map { u in
            TokenUsage(
                inputTokens: u["input_tokens"]?.intValue ?? 0, outputTokens: u["output_tokens"]?.intValue ?? 0,
                cacheReadInputTokens: u["cache_read_input_tokens"]?.intValue ?? 0,
                cacheCreationInputTokens: u["cache_creation_input_tokens"]?.intValue ?? 0)
        }
        let subtype = value["subtype"]?.stringValue
        let isError = value["is_error"]?.boolValue ?? (subtype.map { $0 != "success" } ?? true)
        return RunResult(
            isError: isError, subtype: subtype, text: value["result"]?.stringValue,
            errors: value["errors"]?.arrayValue?.compactMap { $0.stringValue ?? $0.compactText } ?? [],
            costUSD: value["total_cost_usd"]?.doubleValue ?? value["cost_usd"]?.doubleValue
                ?? value["total_cost"]?.doubleValue,
            turns: value["num_turns"]?.intValue, durationMS: value["duration_ms"]?.intValue, usage: usage,
            sessionID: value["session_id"]?.stringValue, apiErrorStatus: value["api_error_status"]?.intValue,
            terminalReason: value["terminal_reason"]?.stringValue)
    }

    /// Text of a content value: a string, or the text blocks of an array.
    static func text(of content: JSONValue?) -> String? {
        switch content {
        case .string(let s): return s
        case .array(let blocks):
            return blocks.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined(separator: "\n")
        case .none, .some(.null): return nil
        case .some(let other): return other.compactText
        }
    }
}
