import Foundation
import RClaudeCore

/// What the dashboard shows: free text plus optional `status:`, `agent:` and `provider:` terms.
///
/// `/fix status:running agent:claude` keeps running Claude tasks whose id or prompt contains "fix".
/// Several `status:` terms are alternatives (`status:failed status:cancelled`).
public struct TaskFilter: Sendable, Equatable {
    /// Words that must all appear in the id, prompt, agent or provider (case-insensitive).
    public var words: [String] = []
    /// Statuses to keep (empty keeps all).
    public var statuses: Set<TaskStatus> = []
    /// The agent to keep.
    public var agent: String?
    /// The provider to keep.
    public var provider: String?
    /// The text the filter was parsed from.
    public private(set) var text: String = ""

    /// No filtering.
    public init() {}

    /// Parses filter text; unknown `key:` terms are treated as words.
    public init(parsing text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
        for term in text.split(separator: " ") {
            let lowered = term.lowercased()
            if lowered.hasPrefix("status:"), let status = TaskStatus(rawValue: String(lowered.dropFirst(7))) {
                statuses.insert(status)
            } else if lowered.hasPrefix("agent:") {
                agent = String(lowered.dropFirst(6))
            } else if lowered.hasPrefix("provider:") {
                provider = String(lowered.dropFirst(9))
            } else {
                words.append(lowered)
            }
        }
    }

    /// Whether nothing is filtered.
    public var isEmpty: Bool { words.isEmpty && statuses.isEmpty && agent == nil && provider == nil }

    /// Whether `task` passes.
    public func matches(_ task: TaskRecord) -> Bool {
        if !statuses.isEmpty && !statuses.contains(task.status) { return false }
        if let agent, !task.agent.rawValue.lowercased().hasPrefix(agent) { return false }
        if let provider, !task.provider.lowercased().hasPrefix(provider) { return false }
        if words.isEmpty { return true }
        let haystack =
            (task.id.rawValue + " " + task.latestPrompt + " " + task.prompt + " " + task.agent.rawValue + " "
            + task.provider).lowercased()
        return words.allSatisfy { haystack.contains($0) }
    }
}
