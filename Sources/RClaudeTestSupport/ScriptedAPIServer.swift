import Foundation

/// The scripted Anthropic Messages API (`Tests/RClaudeProvidersTests/Fixtures/ScriptedAPI/server.py`)
/// running on 127.0.0.1 with an ephemeral port, for driving the real Claude Code CLI offline.
public final class ScriptedAPIServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// The request log (one JSON object per request).
    public let logPath: String
    private let process: Process

    /// The folder with the server and its scenario files.
    public static let directory = Fixtures.path("Tests/RClaudeProvidersTests/Fixtures/ScriptedAPI")

    /// Starts the server with a scenario (a file name in the fixture folder, or a path).
    ///
    /// - Throws: when Python or the server cannot start, or it does not report its port in 15 s.
    public init(scenario: String, logPath: String) throws {
        let python = ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let scenarioPath = scenario.hasPrefix("/") ? scenario : "\(Self.directory)/\(scenario)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "\(Self.directory)/server.py", "--scenario", scenarioPath, "--log", logPath]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        self.logPath = logPath
        let handle = out.fileHandleForReading
        var line = Data()
        let deadline = Date().addingTimeInterval(15)
        while !line.contains(0x0A) && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).prefix { $0.isNumber }) else {
            process.terminate()
            throw ServerError(message: "the scripted API server did not start (got '\(text)')")
        }
        self.port = port
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
    public func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Stops the server. SIGKILL: the log is flushed per request, and a SIGTERM could sit in a
    /// signal mask the server inherited from the test runner.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// The server failed to start.
    public struct ServerError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
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
            throw ScriptedAPIServer.ServerError(
                message: "the Claude Code CLI is not installed: run 'make deps' (pip install claude-agent-sdk) or set RCLAUDE_CLAUDE_BIN")
        }
        return path
    }
}
