import Foundation

/// The scripted OpenAI Responses API
/// (`Tests/RClaudeProvidersTests/Fixtures/ScriptedResponsesAPI/server.py`) running on 127.0.0.1
/// with an ephemeral port, for driving the real Codex CLI offline.
///
/// Codex ignores `OPENAI_BASE_URL`; it reaches this server through a custom model provider in
/// `$CODEX_HOME/config.toml`, which `writeCodexHome(at:)` writes.
public final class ScriptedResponsesServer: @unchecked Sendable {
    private let server: ScriptedServerProcess
    /// The port it listens on.
    public var port: Int { server.port }
    /// The request log (one JSON object per request).
    public var logPath: String { server.logPath }

    /// The folder with the server and its scenario files.
    public static let directory = Fixtures.path("Tests/RClaudeProvidersTests/Fixtures/ScriptedResponsesAPI")

    /// The model named in the written config (one this Codex version has metadata for, so it
    /// prints no "model metadata not found" warning).
    public static let model = "gpt-5.5"

    /// The variable holding the (unchecked) API key the provider config names.
    public static let apiKeyVariable = "SCRIPTED_API_KEY"

    /// Starts the server with a scenario (a file name in the fixture folder, or a path).
    ///
    /// - Throws: when Python or the server cannot start, or it does not report its port in 15 s.
    public init(scenario: String, logPath: String) throws {
        server = try ScriptedServerProcess(
            directory: Self.directory, scenario: scenario, logPath: logPath, name: "scripted Responses API")
    }

    /// The provider's base URL (`base_url` in the Codex config).
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// The `config.toml` that points Codex at this server.
    ///
    /// - Parameters:
    ///   - requestRetries: `request_max_retries` (0: a failed request fails the turn at once).
    ///   - streamRetries: `stream_max_retries` (0: a broken stream fails the turn at once).
    public func codexConfig(requestRetries: Int = 0, streamRetries: Int = 0) -> String {
        """
        model = "\(Self.model)"
        model_provider = "scripted"

        [model_providers.scripted]
        name = "scripted"
        base_url = "\(baseURL)"
        env_key = "\(Self.apiKeyVariable)"
        wire_api = "responses"
        supports_websockets = false
        request_max_retries = \(requestRetries)
        stream_max_retries = \(streamRetries)

        """
    }

    /// Creates `directory` as a Codex home whose `config.toml` points at this server.
    ///
    /// - Throws: when the directory or file cannot be written.
    public func writeCodexHome(at directory: String, requestRetries: Int = 0, streamRetries: Int = 0) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try codexConfig(requestRetries: requestRetries, streamRetries: streamRetries)
            .write(toFile: directory + "/config.toml", atomically: true, encoding: .utf8)
    }

    /// The environment the Codex CLI needs to use `codexHome` (written by `writeCodexHome(at:)`)
    /// and nothing else.
    public func codexEnvironment(codexHome: String) -> [String: String] {
        ["CODEX_HOME": codexHome, Self.apiKeyVariable: "sk-test-scripted-0123456789abcdef"]
    }

    /// The logged requests, decoded.
    public func requests() -> [[String: Any]] { server.requests() }

    /// Stops the server.
    public func stop() { server.stop() }
}

/// Finds the real Codex CLI for tests.
public enum CodexBinary {
    /// `RCLAUDE_CODEX_BIN`, or the binary in the installed `openai-codex-cli-bin` package
    /// (`codex_cli_bin/bin/codex`); `nil` when neither exists.
    public static func path() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["RCLAUDE_CODEX_BIN"], !explicit.isEmpty,
            FileManager.default.isExecutableFile(atPath: explicit)
        {
            return explicit
        }
        let python = environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        guard
            let result = try? CommandRunner.run(
                "/usr/bin/env", [python, "-c", "import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())"],
                environment: environment, timeout: 30)
        else { return nil }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    /// Why tests that need the CLI are skipped when `path()` is `nil`.
    public static let missingReason =
        "the Codex CLI is not installed: pip install openai-codex-cli-bin (binary codex_cli_bin/bin/codex) or set RCLAUDE_CODEX_BIN"
}
