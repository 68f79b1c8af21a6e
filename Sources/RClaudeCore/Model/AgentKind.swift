/// Which AI coding agent (or plain command) a task runs.
public enum AgentKind: String, Sendable, Codable, CaseIterable {
    /// Claude Code: `claude -p PROMPT --output-format stream-json --verbose`.
    case claude
    /// A shell command: `sh -c PROMPT`.
    case shell
}
