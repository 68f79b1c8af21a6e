import Foundation

/// The scripted Anthropic Messages API (`Tests/RClaudeProvidersTests/Fixtures/ScriptedAPI/server.py`)
/// running on 127.0.0.1 with an ephemeral port, for driving the real Claude Code CLI offline.
public final class ScriptedAPIServer: @unchecked Sendable {
    private let server: ScriptedServerProcess
    /// The port it listens on.
    public var port: Int { server.port }
    /// The request log (one JSON object per request).
    public var logPath: String { server.logPath }

    /// The folder with the server and its scenario files.
    public static let directory = Fixtures.path("Tests/RClaudeProvidersTests/Fixtures/ScriptedAPI")

    /// Starts the server with a scenario (a file name in the fixture folder, or a path).
    ///
    /// - Throws: when Python or the server cannot start, or it does not report its port in 15 s.
    public init(scenario: String, logPath: String) throws {
        server = try ScriptedServerProcess(
            directory: Self.directory, scenario: scenario, logPath: logPath, name: "scripted Messages API")
    }

    /// The base URL to put in `ANTHROPIC_BASE_URL`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The environment the Claude CLI needs to talk to this server and nothing else.
    public var claudeEnvironment: [String: String] {
        [
            "ANTHROPIC_BASE_URL": baseURL, "ANTHROPIC_API_KEY": "sk-test-scripted-0123456789abcdef",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1", "DISABLE_TELEMETRY": "1",
        ]
    }

    /// The logged requests, decoded.
    public func requests() -> [[String: Any]] { server.requests() }

    /// Stops the server.
    public func stop() { server.stop() }
}

/// Finds the real Claude Code CLI for tests.
public enum ClaudeBinary {
    /// `RCLAUDE_CLAUDE_BIN`, or the binary bundled in the installed `claude-agent-sdk`.
    ///
    /// - Throws: an error saying how to install it (the tests need the real CLI; they never skip it).
    public static func path() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["RCLAUDE_CLAUDE_BIN"], !explicit.isEmpty,
            FileManager.default.isExecutableFile(atPath: explicit)
        {
            return explicit
        }
        let python = ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let result = try CommandRunner.run(
            "/usr/bin/env",
            [python, "-c", "import claude_agent_sdk, os; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), '_bundled', 'claude'))"],
            environment: ProcessInfo.processInfo.environment, timeout: 30)
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw ScriptedServerProcess.StartError(
                message: "the Claude Code CLI is not installed: run 'make deps' (pip install claude-agent-sdk) or set RCLAUDE_CLAUDE_BIN")
        }
        return path
    }
}
