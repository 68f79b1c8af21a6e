import Foundation
import RClaudeCore

/// Finds the program that runs an agent.
///
/// Each agent has an override variable (`RCLAUDE_CLAUDE_BIN`, `RCLAUDE_CODEX_BIN`,
/// `RCLAUDE_GEMINI_BIN`) and a program name searched on `PATH`.
public struct AgentBinaryLocator: Sendable {
    /// The environment to read the override variables and `PATH` from.
    public var environment: [String: String]

    /// Creates a locator.
    public init(environment: [String: String]) { self.environment = environment }

    /// The absolute path of `agent`'s program.
    ///
    /// - Throws: `ProviderError` `.agentMissing` saying how to install it.
    public func locate(_ agent: AgentKind) throws -> String {
        switch agent {
        case .shell:
            return "/bin/sh"
        case .claude:
            return try locate(
                variable: "RCLAUDE_CLAUDE_BIN", program: "claude",
                missing: """
                    the Claude Code CLI ('claude') was not found on PATH. Install it with \
                    'pip install claude-agent-sdk' (the binary is claude_agent_sdk/_bundled/claude inside the \
                    installed package) or 'npm install -g @anthropic-ai/claude-code', then put it on PATH or set \
                    RCLAUDE_CLAUDE_BIN to its path
                    """)
        case .codex:
            return try locate(
                variable: "RCLAUDE_CODEX_BIN", program: "codex",
                missing: """
                    the Codex CLI ('codex') was not found on PATH. Install it with \
                    'pip install openai-codex-cli-bin' (the binary is codex_cli_bin/bin/codex inside the \
                    installed package) or 'npm install -g @openai/codex', then put it on PATH or set \
                    RCLAUDE_CODEX_BIN to its path
                    """)
        case .gemini:
            return try locate(
                variable: "RCLAUDE_GEMINI_BIN", program: "gemini",
                missing: """
                    the Gemini CLI ('gemini') was not found on PATH. Install it with \
                    'npm install -g @google/gemini-cli', then put it on PATH or set RCLAUDE_GEMINI_BIN to its path
                    """)
        }
    }

    /// The override variable's path if set (it must be executable), else `program` on PATH.
    private func locate(variable: String, program: String, missing: String) throws -> String {
        if let explicit = environment[variable], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw ProviderError(
                    code: .agentMissing,
                    message: "\(variable) is set to '\(explicit)', which is not an executable file; point it at the \(program) binary or unset it to search PATH")
            }
            return explicit
        }
        if let found = search(program) { return found }
        throw ProviderError(code: .agentMissing, message: missing)
    }

    /// Searches PATH for an executable.
    public func search(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
