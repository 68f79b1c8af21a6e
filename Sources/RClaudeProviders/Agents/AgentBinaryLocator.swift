import Foundation
import RClaudeCore

/// Finds the program that runs an agent.
public struct AgentBinaryLocator: Sendable {
    /// The environment to read `RCLAUDE_CLAUDE_BIN` and `PATH` from.
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
            if let explicit = environment["RCLAUDE_CLAUDE_BIN"], !explicit.isEmpty {
                guard FileManager.default.isExecutableFile(atPath: explicit) else {
                    throw ProviderError(
                        code: .agentMissing,
                        message: "RCLAUDE_CLAUDE_BIN is set to '\(explicit)', which is not an executable file; point it at the claude binary or unset it to search PATH")
                }
                return explicit
            }
            if let found = search("claude") { return found }
            throw ProviderError(
                code: .agentMissing,
                message: """
                    the Claude Code CLI ('claude') was not found on PATH. Install it with \
                    'pip install claude-agent-sdk' (the binary is claude_agent_sdk/_bundled/claude inside the \
                    installed package) or 'npm install -g @anthropic-ai/claude-code', then put it on PATH or set \
                    RCLAUDE_CLAUDE_BIN to its path
                    """)
        }
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
