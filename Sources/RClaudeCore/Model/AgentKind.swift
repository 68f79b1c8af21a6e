/// Which AI coding agent (or plain command) a task runs.
public enum AgentKind: String, Sendable, Codable, CaseIterable {
    /// Claude Code: `claude -p PROMPT --output-format stream-json --verbose`.
    case claude
    /// OpenAI Codex CLI: `codex exec --json PROMPT`.
    case codex
    /// Google Gemini CLI: `gemini -p PROMPT --output-format stream-json`.
    case gemini
    /// A shell command: `sh -c PROMPT`.
    case shell

    /// Whether the agent prints structured events whose last `result` decides success (every
    /// agent but `shell`, whose exit status decides).
    public var reportsResult: Bool {
        switch self {
        case .claude, .codex, .gemini: return true
        case .shell: return false
        }
    }
}
