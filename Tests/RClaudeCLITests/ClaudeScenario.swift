import Foundation
import RClaudeTestSupport
import Testing

/// A private rclaude home wired to the real Claude Code CLI and a scripted Messages API server
/// playing `scenario`.
struct ClaudeScenario {
    let harness: RClaudeHarness
    let server: ScriptedAPIServer

    init(_ scenario: String) throws {
        let claude = try ClaudeBinary.path()
        let dir = try TemporaryDirectory(prefix: "rclaude-api")
        let server = try ScriptedAPIServer(scenario: scenario, logPath: dir.appending("requests.jsonl"))
        var env = server.claudeEnvironment
        env["RCLAUDE_CLAUDE_BIN"] = claude
        harness = try RClaudeHarness(environment: env)
        self.server = server
    }

    func done() {
        server.stop()
        harness.remove()
    }

    /// `show --json ID`.
    func task(_ id: String) throws -> [String: Any] {
        try #require(RClaudeHarness.jsonLines(try harness.run(["show", "--json", id]).stdout).first)
    }

    /// The only (newest) task.
    func onlyTask() throws -> [String: Any] {
        try #require(RClaudeHarness.jsonLines(try harness.run(["ls", "--json", "--all"]).stdout).first)
    }

    /// Polls until `condition` holds for the task (or 60 s pass).
    func waitFor(_ id: String, _ what: String, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let current = try task(id)
            if condition(current) { return current }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(what): \(try task(id))")
        return try task(id)
    }
}
