import Foundation

/// Claude Code's stdin protocol (`--input-format stream-json`): user messages, and the control
/// messages that answer permission requests (`can_use_tool`) and interrupt a turn.
public enum ClaudeControlProtocol {
    /// A control request the CLI sent to the host.
    public enum Request: Equatable, Sendable {
        /// `can_use_tool`: the agent wants to run a tool.
        case permission(PermissionRequest, input: JSONValue)
        /// `control_cancel_request`: the CLI withdrew request `id`.
        case cancelled(requestID: String)
        /// Any other request (answered with an error so the CLI does not wait).
        case unsupported(requestID: String, subtype: String)
        /// `control_response`: the CLI's answer to a request of ours (an interrupt).
        case acknowledgement
    }

    private static let marker = Array(#""control_"#.utf8)

    /// One line of stdin carrying `prompt` as a user message.
    public static func userMessage(_ prompt: String) -> [UInt8] {
        line([
            "type": .string("user"),
            "message": .object(["role": .string("user"), "content": .string(prompt)]),
            "parent_tool_use_id": .null,
            "session_id": .string("default"),
        ])
    }

    /// The control request a stdout line carries, or nil for any other line.
    public static func request(in line: [UInt8], now: Date) -> Request? {
        // Cheap test first: most lines (assistant text, tool results) are not control messages.
        guard line.count > 20, contains(line, marker), let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line)),
            case .object(let object) = value, case .string(let type)? = object["type"]
        else { return nil }
        if type == "control_cancel_request", case .string(let id)? = object["request_id"] {
            return .cancelled(requestID: id)
        }
        if type == "control_response" { return .acknowledgement }
        guard type == "control_request", case .string(let id)? = object["request_id"],
            case .object(let request)? = object["request"], case .string(let subtype)? = request["subtype"]
        else { return nil }
        guard subtype == "can_use_tool" else { return .unsupported(requestID: id, subtype: subtype) }
        let tool = request["tool_name"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "tool"
        let input = request["input"] ?? .object([:])
        let inputText = (try? String(decoding: JSONEncoder.sorted.encode(input), as: UTF8.self)) ?? "{}"
        return .permission(
            PermissionRequest(requestID: id, toolName: tool, summary: summary(tool: tool, input: input), input: inputText, requestedAt: now),
            input: input)
    }

    /// The reply that lets the tool run with its input unchanged.
    public static func allow(_ requestID: String, input: JSONValue) -> [UInt8] {
        response(requestID, ["behavior": .string("allow"), "updatedInput": input])
    }

    /// The reply that refuses the tool; the agent is told `message`.
    public static func deny(_ requestID: String, message: String) -> [UInt8] {
        response(requestID, ["behavior": .string("deny"), "message": .string(message)])
    }

    /// The reply to a request rclaude does not handle.
    public static func unsupported(_ requestID: String, subtype: String) -> [UInt8] {
        line([
            "type": .string("control_response"),
            "response": .object([
                "subtype": .string("error"), "request_id": .string(requestID),
                "error": .string("rclaude does not handle '\(subtype)' requests"),
            ]),
        ])
    }

    /// A request that stops the running turn.
    public static func interrupt(requestID: String) -> [UInt8] {
        line([
            "type": .string("control_request"), "request_id": .string(requestID),
            "request": .object(["subtype": .string("interrupt")]),
        ])
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// What a tool call does, in a few words: a command, a path, a pattern.
    static func summary(tool: String, input: JSONValue) -> String {
        guard case .object(let fields) = input else { return tool }
        for key in ["command", "file_path", "path", "pattern", "url", "description"] {
            if case .string(let text)? = fields[key] { return String(text.prefix(200)) }
        }
        return tool
    }

    private static func response(_ requestID: String, _ body: [String: JSONValue]) -> [UInt8] {
        line([
            "type": .string("control_response"),
            "response": .object(["subtype": .string("success"), "request_id": .string(requestID), "response": .object(body)]),
        ])
    }

    private static func line(_ object: [String: JSONValue]) -> [UInt8] {
        let data = (try? JSONEncoder.sorted.encode(JSONValue.object(object))) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}

extension JSONEncoder {
    /// Sorted keys, slashes unescaped.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
