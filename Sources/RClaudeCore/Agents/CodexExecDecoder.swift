import Foundation

/// Decodes the Codex CLI's `codex exec --json` lines (`ThreadEvent`s) into `AgentEvent`s.
///
/// - `thread.started` becomes `.initialized`; its `thread_id` is the session id to resume with.
/// - Items arrive as `item.started` / `item.updated` / `item.completed`. Messages and reasoning
///   become text when completed. Commands, file changes, MCP calls and web searches become a
///   `.toolUse` when first seen and a `.toolResult` when completed (see `AgentEvent` for names).
/// - `turn.completed` becomes a successful `.result` with the token usage (Codex reports no
///   cost); `turn.failed` a failed one. A stream that ends inside a turn, or before any turn
///   ended, gets a failed `.result` from `finish()`.
/// - `error` lines become `.error`, except "Reconnecting... n/m (…)", which is `.apiRetry`.
/// - Unknown event and item types, and lines whose fields have the wrong types, become `.raw`.
public struct CodexExecDecoder: AgentOutputDecoder {
    /// The Codex thread id seen so far (`codex exec resume` takes it).
    public private(set) var sessionID: String?
    private var toolNames: [String: String] = [:]
    private var todoLists: [String: JSONValue] = [:]
    private var lastMessage: String?
    private var lastError: String?
    private var turnOpen = false
    private var turnEnded = false

    /// Creates a decoder.
    public init() {}

    public mutating func decode(line: [UInt8]) -> [AgentEvent] {
        switch JSONLine.read(line) {
        case .blank: return []
        case .raw(let raw): return [.raw(raw)]
        case .event(let type, let value, let text): return decode(type: type, value: value, text: text)
        }
    }

    public mutating func finish() -> [AgentEvent] {
        guard turnOpen || !turnEnded else { return [] }
        turnOpen = false
        turnEnded = true
        var reason = "codex stopped before it reported the end of its turn (no turn.completed or turn.failed line)"
        if let lastError { reason += ": \(lastError)" } else { reason += "; its stderr may say why" }
        return [.result(RunResult(isError: true, text: reason, sessionID: sessionID))]
    }

    // MARK: - Events

    private mutating func decode(type: String, value: JSONValue, text: String) -> [AgentEvent] {
        switch type {
        case "thread.started":
            guard let id = value["thread_id"]?.stringValue else {
                return [.raw(RawLine(line: text, note: "thread.started without a string 'thread_id'"))]
            }
            sessionID = id
            return [
                .initialized(
                    SessionStarted(sessionID: id, model: nil, cwd: nil, tools: [], agentVersion: nil, permissionMode: nil))
            ]
        case "turn.started":
            turnOpen = true
            lastMessage = nil
            lastError = nil
            return []
        case "turn.completed":
            turnOpen = false
            turnEnded = true
            return [.result(RunResult(isError: false, text: lastMessage, usage: Self.usage(value["usage"]), sessionID: sessionID))]
        case "turn.failed":
            turnOpen = false
            turnEnded = true
            let message = value["error"]?["message"]?.stringValue.map(Self.readableError)
                ?? lastError ?? "codex reported a failed turn without a message"
            return [.result(RunResult(isError: true, text: message, sessionID: sessionID))]
        case "error":
            guard let message = value["message"]?.stringValue else {
                return [.raw(RawLine(line: text, note: "error without a string 'message'"))]
            }
            if let retry = Self.retry(message) { return [.apiRetry(retry)] }
            let readable = Self.readableError(message)
            lastError = readable
            return [.error(AgentError(message: readable))]
        case "item.started": return decodeItem(.started, value: value, text: text)
        case "item.updated": return decodeItem(.updated, value: value, text: text)
        case "item.completed": return decodeItem(.completed, value: value, text: text)
        case "item.plan.delta":
            // Partial plan text; the completed item carries all of it.
            return []
        case "request_user_input":
            return [.raw(RawLine(line: text, note: "codex asked for user input, which a headless run cannot answer"))]
        default:
            return [.raw(RawLine(line: text, note: "unknown type '\(type)'"))]
        }
    }

    // MARK: - Items

    /// Where an item is in its life.
    private enum Phase { case started, updated, completed }

    private mutating func decodeItem(_ phase: Phase, value: JSONValue, text: String) -> [AgentEvent] {
        guard let item = value["item"], let id = item["id"]?.stringValue, let type = item["type"]?.stringValue else {
            return [.raw(RawLine(line: text, note: "item event without an item having a string 'id' and 'type'"))]
        }
        switch type {
        case "agent_message", "reasoning":
            guard phase == .completed else { return [] }
            guard let body = item["text"]?.stringValue else {
                return [.raw(RawLine(line: text, note: "\(type) item without a string 'text'"))]
            }
            if type == "reasoning" {
                return body.isEmpty ? [] : [.thinking(AssistantText(messageID: id, text: body))]
            }
            lastMessage = body
            return [.assistantText(AssistantText(messageID: id, text: body))]
        case "command_execution":
            guard let command = item["command"]?.stringValue else {
                return [.raw(RawLine(line: text, note: "command_execution item without a string 'command'"))]
            }
            var events = announce(id: id, name: "shell", input: .object(["command": .string(command)]))
            if phase == .completed { events.append(commandResult(id: id, item: item)) }
            return events
        case "file_change":
            guard let entries = item["changes"]?.arrayValue else {
                return [.raw(RawLine(line: text, note: "file_change item without a 'changes' array"))]
            }
            let changes = entries.compactMap { entry -> EditedFile? in
                guard let path = entry["path"]?.stringValue else { return nil }
                return EditedFile(path: path, kind: EditedFile.Kind(rawValue: entry["kind"]?.stringValue ?? "update"))
            }
            var events = announce(id: id, name: "apply_patch", input: .object(["changes": .array(entries)]), changes: changes)
            if phase == .completed {
                let failed = item["status"]?.stringValue == "failed"
                let summary = changes.map { "\($0.kind.rawValue) \($0.path)" }.joined(separator: "\n")
                events.append(
                    .toolResult(ToolResult(toolUseID: id, toolName: "apply_patch", content: summary, isError: failed)))
            }
            return events
        case "mcp_tool_call":
            let server = item["server"]?.stringValue ?? "mcp"
            let tool = item["tool"]?.stringValue ?? "tool"
            let name = "mcp__\(server)__\(tool)"
            var events = announce(id: id, name: name, input: item["arguments"] ?? .null)
            if phase == .completed { events.append(mcpResult(id: id, name: name, item: item)) }
            return events
        case "web_search":
            var input: [String: JSONValue] = [:]
            if let query = item["query"] { input["query"] = query }
            if let action = item["action"] { input["action"] = action }
            var events = announce(id: id, name: "web_search", input: .object(input))
            if phase == .completed {
                events.append(.toolResult(ToolResult(toolUseID: id, toolName: "web_search", content: "", isError: false)))
            }
            return events
        case "todo_list":
            guard let items = item["items"], case .array = items else {
                return [.raw(RawLine(line: text, note: "todo_list item without an 'items' array"))]
            }
            // Each new version of the list is one call, as Claude's TodoWrite is.
            guard todoLists[id] != items else { return [] }
            todoLists[id] = items
            toolNames[id] = "todo_list"
            return [.toolUse(ToolUse(id: id, name: "todo_list", input: .object(["items": items]), messageID: nil))]
        case "error":
            // A non-fatal error (a warning); Codex sends it completed only.
            guard phase == .completed else { return [] }
            guard let message = item["message"]?.stringValue else {
                return [.raw(RawLine(line: text, note: "error item without a string 'message'"))]
            }
            return [.error(AgentError(message: message))]
        default:
            return [.raw(RawLine(line: text, note: "unknown item type '\(type)'"))]
        }
    }

    /// The `.toolUse` for an item the first time it is seen (started or, if it never started,
    /// completed).
    private mutating func announce(
        id: String, name: String, input: JSONValue, changes: [EditedFile]? = nil
    ) -> [AgentEvent] {
        guard toolNames[id] == nil else { return [] }
        toolNames[id] = name
        return [.toolUse(ToolUse(id: id, name: name, input: input, messageID: nil, changes: changes))]
    }

    private func commandResult(id: String, item: JSONValue) -> AgentEvent {
        let status = item["status"]?.stringValue ?? "completed"
        let exitCode = item["exit_code"]?.intValue
        var output = item["aggregated_output"]?.stringValue ?? ""
        if output.isEmpty && status == "declined" { output = "the command was declined" }
        let failed = status != "completed" || (exitCode.map { $0 != 0 } ?? false)
        return .toolResult(
            ToolResult(toolUseID: id, toolName: "shell", content: output, isError: failed, exitCode: exitCode))
    }

    private func mcpResult(id: String, name: String, item: JSONValue) -> AgentEvent {
        if let message = item["error"]?["message"]?.stringValue {
            return .toolResult(ToolResult(toolUseID: id, toolName: name, content: message, isError: true))
        }
        let result = item["result"]
        var content = ClaudeStreamDecoder.text(of: result?["content"]) ?? ""
        if content.isEmpty, let structured = result?["structured_content"], structured != .null {
            content = structured.compactText
        }
        let failed = item["status"]?.stringValue == "failed"
        return .toolResult(ToolResult(toolUseID: id, toolName: name, content: content, isError: failed))
    }

    // MARK: - Helpers

    /// Token usage from `turn.completed`. Codex's `input_tokens` include the cached ones.
    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let value, case .object = value else { return nil }
        let input = value["input_tokens"]?.intValue ?? 0
        let cached = value["cached_input_tokens"]?.intValue ?? 0
        return TokenUsage(
            inputTokens: max(0, input - cached), outputTokens: value["output_tokens"]?.intValue ?? 0,
            cacheReadInputTokens: cached, cacheCreationInputTokens: value["cache_write_input_tokens"]?.intValue ?? 0)
    }

    /// "Reconnecting... 2/5 (reason)" as a retry; `nil` for any other message.
    static func retry(_ message: String) -> APIRetry? {
        let prefix = "Reconnecting... "
        guard message.hasPrefix(prefix) else { return nil }
        let rest = message.dropFirst(prefix.count)
        let counts = rest.prefix { $0 != " " }
        let parts = counts.split(separator: "/")
        guard parts.count == 2, let attempt = Int(parts[0]), let max = Int(parts[1]) else { return nil }
        var reason = rest.dropFirst(counts.count).trimmingCharacters(in: .whitespaces)
        if reason.hasPrefix("(") && reason.hasSuffix(")") { reason = String(reason.dropFirst().dropLast()) }
        return APIRetry(attempt: attempt, maxRetries: max, errorStatus: nil, error: reason.isEmpty ? nil : reason)
    }

    /// An error message made readable: Codex passes an API error body through as JSON text,
    /// `{"error":{"message":"…","type":"…"}}`, which becomes "… (type)".
    static func readableError(_ message: String) -> String {
        guard message.hasPrefix("{"),
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(message.utf8)),
            let inner = value["error"]?["message"]?.stringValue ?? value["message"]?.stringValue
        else { return message }
        let kind = value["error"]?["type"]?.stringValue ?? value["error"]?["code"]?.stringValue
        return kind.map { "\(inner) (\($0))" } ?? inner
    }
}
