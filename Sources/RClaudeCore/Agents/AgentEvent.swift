import Foundation

/// One thing an agent did, decoded from its output. The same model serves every agent, the
/// CLI's `--json` output, the cache (`events.jsonl`) and the task-detail view.
///
/// JSON shape (stable, documented in docs/json.md): an object with `"type"` plus the payload's
/// fields, e.g. `{"type":"tool_use","id":"toolu_1","name":"Bash","input":{…},"messageID":"msg_1"}`.
///
/// How each agent maps onto it:
///
/// | event | Claude Code | Codex (`exec --json`) | Gemini (`stream-json`) |
/// |---|---|---|---|
/// | `initialized` | `system/init` | `thread.started` | `init` |
/// | `assistantText` | `text` block | `agent_message` item | assistant `message` deltas, joined |
/// | `thinking` | `thinking` block | `reasoning` item | — |
/// | `toolUse` | `tool_use` block | `command_execution` (`shell`), `file_change` (`apply_patch`, with `changes`), `mcp_tool_call` (`mcp__server__tool`), `web_search`, `todo_list` | `tool_use` |
/// | `toolResult` | `tool_result` block | the item's completion (`exitCode` for commands) | `tool_result` |
/// | `apiRetry` | `system/api_retry` | `error` "Reconnecting... n/m" | — |
/// | `result` | `result` | `turn.completed` / `turn.failed` | `result` |
/// | `error` | `error`, synthetic assistant error | `error`, `error` item | `error` |
/// | `raw` | anything else | anything else | anything else, stray non-JSON text |
///
/// A command run is a `toolUse` whose input has `command` and a `toolResult` with `exitCode`; a
/// file change is a `toolUse` with `changes`. Keeping them tool calls means every view that
/// shows tool calls shows them too.
public enum AgentEvent: Sendable, Equatable, Codable {
    /// The agent session started (Claude's `system/init`).
    case initialized(SessionStarted)
    /// Assistant prose.
    case assistantText(AssistantText)
    /// The model's visible reasoning.
    case thinking(AssistantText)
    /// A tool call.
    case toolUse(ToolUse)
    /// A tool's result, paired with its call.
    case toolResult(ToolResult)
    /// The agent is retrying an API request (not a failure yet).
    case apiRetry(APIRetry)
    /// The end of a turn: success, cost, usage.
    case result(RunResult)
    /// An error the agent reported outside a result.
    case error(AgentError)
    /// Plain output of a non-structured agent (`shell`) or the agent's stderr.
    case output(PlainOutput)
    /// A line the decoder did not understand, kept verbatim.
    case raw(RawLine)

    /// The `type` discriminator written in JSON.
    public var typeName: String {
        switch self {
        case .initialized: return "init"
        case .assistantText: return "assistant_text"
        case .thinking: return "thinking"
        case .toolUse: return "tool_use"
        case .toolResult: return "tool_result"
        case .apiRetry: return "api_retry"
        case .result: return "result"
        case .error: return "error"
        case .output: return "output"
        case .raw: return "raw"
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "init": self = .initialized(try SessionStarted(from: decoder))
        case "assistant_text": self = .assistantText(try AssistantText(from: decoder))
        case "thinking": self = .thinking(try AssistantText(from: decoder))
        case "tool_use": self = .toolUse(try ToolUse(from: decoder))
        case "tool_result": self = .toolResult(try ToolResult(from: decoder))
        case "api_retry": self = .apiRetry(try APIRetry(from: decoder))
        case "result": self = .result(try RunResult(from: decoder))
        case "error": self = .error(try AgentError(from: decoder))
        case "output": self = .output(try PlainOutput(from: decoder))
        case "raw": self = .raw(try RawLine(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TypeKey.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .initialized(let p): try p.encode(to: encoder)
        case .assistantText(let p), .thinking(let p): try p.encode(to: encoder)
        case .toolUse(let p): try p.encode(to: encoder)
        case .toolResult(let p): try p.encode(to: encoder)
        case .apiRetry(let p): try p.encode(to: encoder)
        case .result(let p): try p.encode(to: encoder)
        case .error(let p): try p.encode(to: encoder)
        case .output(let p): try p.encode(to: encoder)
        case .raw(let p): try p.encode(to: encoder)
        }
    }
}

/// The start of an agent session.
public struct SessionStarted: Sendable, Equatable, Codable {
    /// The agent's session id (resume with it).
    public var sessionID: String?
    /// The model in use.
    public var model: String?
    /// The agent's working directory.
    public var cwd: String?
    /// The tools the agent may call.
    public var tools: [String]
    /// The agent CLI's version.
    public var agentVersion: String?
    /// The permission mode the agent reports.
    public var permissionMode: String?

    /// Creates the event.
    public init(
        sessionID: String?, model: String?, cwd: String?, tools: [String], agentVersion: String?,
        permissionMode: String?
    ) {
        self.sessionID = sessionID
        self.model = model
        self.cwd = cwd
        self.tools = tools
        self.agentVersion = agentVersion
        self.permissionMode = permissionMode
    }
}

/// A block of assistant text (or thinking) within one model message.
public struct AssistantText: Sendable, Equatable, Codable {
    /// The model message id; blocks of one message share it.
    public var messageID: String?
    /// The text.
    public var text: String

    /// Creates the event.
    public init(messageID: String?, text: String) {
        self.messageID = messageID
        self.text = text
    }
}

/// A tool call.
public struct ToolUse: Sendable, Equatable, Codable {
    /// The tool-use id its result refers to.
    public var id: String
    /// The tool name (`Bash`, `Write`, …).
    public var name: String
    /// The tool input, as the model sent it.
    public var input: JSONValue
    /// The model message id.
    public var messageID: String?
    /// The enclosing tool call when a subagent made this call.
    public var parentToolUseID: String?
    /// The files an edit touches, when the agent reports them as such (Codex `file_change`).
    public var changes: [EditedFile]?

    /// Creates the event.
    public init(
        id: String, name: String, input: JSONValue, messageID: String?, parentToolUseID: String? = nil,
        changes: [EditedFile]? = nil
    ) {
        self.id = id
        self.name = name
        self.input = input
        self.messageID = messageID
        self.parentToolUseID = parentToolUseID
        self.changes = changes
    }

    /// The one input that says most about the call: the command, file path, pattern or URL (for
    /// a file change, its first path and how many more there are).
    public var keyInput: String? {
        for key in ["command", "file_path", "path", "pattern", "url", "query", "description", "prompt"] {
            if let value = input[key]?.stringValue, !value.isEmpty { return value }
        }
        if let changes, let first = changes.first {
            return changes.count > 1 ? "\(first.path) (+\(changes.count - 1) more)" : first.path
        }
        return nil
    }
}

/// A tool's result.
public struct ToolResult: Sendable, Equatable, Codable {
    /// The id of the tool use this answers.
    public var toolUseID: String
    /// The tool's name, from the paired call (when it was seen).
    public var toolName: String?
    /// The result text.
    public var content: String
    /// Whether the tool failed.
    public var isError: Bool
    /// The exit status of a command run, when the agent reports it (Codex `command_execution`).
    public var exitCode: Int?

    /// Creates the event.
    public init(toolUseID: String, toolName: String?, content: String, isError: Bool, exitCode: Int? = nil) {
        self.toolUseID = toolUseID
        self.toolName = toolName
        self.content = content
        self.isError = isError
        self.exitCode = exitCode
    }
}

/// An API request the agent is retrying.
public struct APIRetry: Sendable, Equatable, Codable {
    /// Which attempt this is.
    public var attempt: Int?
    /// The most attempts the agent will make.
    public var maxRetries: Int?
    /// The HTTP status that caused the retry.
    public var errorStatus: Int?
    /// The error kind (`authentication_failed`, …).
    public var error: String?

    /// Creates the event.
    public init(attempt: Int?, maxRetries: Int?, errorStatus: Int?, error: String?) {
        self.attempt = attempt
        self.maxRetries = maxRetries
        self.errorStatus = errorStatus
        self.error = error
    }
}

/// The outcome of one agent run (one turn of the conversation with the user).
public struct RunResult: Sendable, Equatable, Codable {
    /// Whether the run failed. This, not `subtype`, decides success.
    public var isError: Bool
    /// The agent's subtype (`success`, `error_max_turns`, …).
    public var subtype: String?
    /// The final text (or the error text).
    public var text: String?
    /// Error strings the agent listed.
    public var errors: [String]
    /// Cost of this run in USD.
    public var costUSD: Double?
    /// Model turns in this run.
    public var turns: Int?
    /// Wall time of this run in milliseconds.
    public var durationMS: Int?
    /// Token usage of this run.
    public var usage: TokenUsage?
    /// The agent's session id.
    public var sessionID: String?
    /// The HTTP status of a failed API call, if that ended the run.
    public var apiErrorStatus: Int?
    /// Why the run ended (`completed`, `max_turns`, `api_error`, …).
    public var terminalReason: String?

    /// Creates the event.
    public init(
        isError: Bool, subtype: String? = nil, text: String? = nil, errors: [String] = [], costUSD: Double? = nil,
        turns: Int? = nil, durationMS: Int? = nil, usage: TokenUsage? = nil, sessionID: String? = nil,
        apiErrorStatus: Int? = nil, terminalReason: String? = nil
    ) {
        self.isError = isError
        self.subtype = subtype
        self.text = text
        self.errors = errors
        self.costUSD = costUSD
        self.turns = turns
        self.durationMS = durationMS
        self.usage = usage
        self.sessionID = sessionID
        self.apiErrorStatus = apiErrorStatus
        self.terminalReason = terminalReason
    }

    /// A one-line reason for a failed run.
    public var failureReason: String {
        if let text, !text.isEmpty { return text }
        if let first = errors.first { return errors.count > 1 ? errors.joined(separator: "; ") : first }
        if let terminalReason { return "the agent stopped: \(terminalReason)" }
        return "the agent reported an error (\(subtype ?? "no details"))"
    }
}

/// An error reported by the agent.
public struct AgentError: Sendable, Equatable, Codable {
    /// What went wrong.
    public var message: String

    /// Creates the event.
    public init(message: String) { self.message = message }
}

/// Plain text output.
public struct PlainOutput: Sendable, Equatable, Codable {
    /// Which stream: `stdout` or `stderr`.
    public var stream: String
    /// The text (one line, without its newline).
    public var text: String

    /// Creates the event.
    public init(stream: String, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// An undecoded line.
public struct RawLine: Sendable, Equatable, Codable {
    /// The line exactly as received (invalid UTF-8 replaced by U+FFFD).
    public var line: String
    /// Why it was not decoded (`unknown type 'x'`, `not JSON`).
    public var note: String

    /// Creates the event.
    public init(line: String, note: String) {
        self.line = line
        self.note = note
    }
}
