import Foundation
import RClaudeCore

/// One task of a batch: a prompt and the options that differ from the command line's.
struct BatchEntry: Equatable {
    var prompt: String
    var agent: AgentKind?
    var provider: String?
    var workspace: String?
    var repo: String?
    var base: String?
    var labels: [String] = []
    var model: String?
    var permissionMode: String?
    var allowedTools: [String]?
    var maxTurns: Int?
    var restart: String?
}

/// Reads `rclaude batch`'s file: one prompt per line (blank lines and `#` comments skipped), or a
/// JSON list whose items are prompts or objects with a prompt and per-task options.
enum BatchFile {
    static let keys: Set<String> = [
        "prompt", "agent", "provider", "workspace", "repo", "base", "labels", "model", "permissionMode", "allowedTools",
        "maxTurns", "restart",
    ]

    /// Parses the file's text.
    ///
    /// - Throws: `CoreError` `.invalidInput` naming the line or item that is wrong.
    static func parse(_ text: String, source: String) throws -> [BatchEntry] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") { return try parseJSON(Array(trimmed.utf8), source: source) }
        var entries: [BatchEntry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let prompt = line.trimmingCharacters(in: .whitespaces)
            if prompt.isEmpty || prompt.hasPrefix("#") { continue }
            entries.append(BatchEntry(prompt: prompt))
        }
        guard !entries.isEmpty else {
            throw CoreError(code: .invalidInput, message: "\(source) has no prompts: write one prompt per line, or a JSON list")
        }
        return entries
    }

    static func parseJSON(_ bytes: [UInt8], source: String) throws -> [BatchEntry] {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw CoreError(code: .invalidInput, message: "\(source) starts with '[' but is not valid JSON: \(error.localizedDescription)")
        }
        guard case .array(let items) = root, !items.isEmpty else {
            throw CoreError(code: .invalidInput, message: "\(source) must be a non-empty JSON list of prompts or task objects")
        }
        return try items.enumerated().map { index, item in
            func wrong(_ what: String) -> CoreError {
                CoreError(code: .invalidInput, message: "\(source): item \(index + 1): \(what)")
            }
            if case .string(let prompt) = item {
                guard !prompt.isEmpty else { throw wrong("the prompt is empty") }
                return BatchEntry(prompt: prompt)
            }
            guard case .object(let fields) = item else { throw wrong("must be a prompt string or an object with \"prompt\"") }
            if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) }) {
                throw wrong("unknown key \"\(unknown)\"; the keys are \(keys.sorted().joined(separator: ", "))")
            }
            func string(_ key: String) throws -> String? {
                guard let value = fields[key] else { return nil }
                guard case .string(let text) = value, !text.isEmpty else { throw wrong("\"\(key)\" must be a non-empty string") }
                return text
            }
            func strings(_ key: String) throws -> [String]? {
                guard let value = fields[key] else { return nil }
                guard case .array(let list) = value else { throw wrong("\"\(key)\" must be a list of strings") }
                return try list.map {
                    guard case .string(let text) = $0, !text.isEmpty else { throw wrong("\"\(key)\" must be a list of non-empty strings") }
                    return text
                }
            }
            guard let prompt = try string("prompt") else { throw wrong("\"prompt\" is missing") }
            var entry = BatchEntry(prompt: prompt)
            if let agent = try string("agent") {
                guard let kind = AgentKind(rawValue: agent) else { throw wrong("\"agent\" must be claude, codex, gemini or shell (got \"\(agent)\")") }
                entry.agent = kind
            }
            entry.provider = try string("provider")
            entry.workspace = try string("workspace")
            entry.repo = try string("repo")
            entry.base = try string("base")
            entry.labels = try strings("labels") ?? []
            entry.model = try string("model")
            entry.permissionMode = try string("permissionMode")
            entry.allowedTools = try strings("allowedTools")
            entry.restart = try string("restart")
            if let turns = fields["maxTurns"] {
                guard let value = turns.intValue, value >= 1 else { throw wrong("\"maxTurns\" must be a whole number ≥ 1") }
                entry.maxTurns = value
            }
            if entry.workspace != nil && entry.repo != nil { throw wrong("\"workspace\" and \"repo\" exclude each other") }
            return entry
        }
    }
}
