import Foundation
import RClaudeCore
import RClaudeTestSupport
import Testing

/// `rclaude run --provider e2b` with the real binary against the protocol-following fake:
/// the task runs in a sandbox, credentials reach the process and no file, `show` gives the
/// sandbox's time left, and `rm` kills the sandbox.
@Suite(.serialized) struct E2BCommandLineTests {
    @Test func theCommandLineRunsATaskInASandboxAndRemovesIt() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let secret = "sk-ant-test-" + UUID().uuidString
        let h = try RClaudeHarness(environment: [
            "E2B_API_KEY": FakeE2BServer.apiKey, "E2B_API_URL": server.baseURL, "E2B_SANDBOX_URL": server.baseURL,
            "RCLAUDE_E2B_TIMEOUT": "600", "ANTHROPIC_API_KEY": secret,
        ])
        defer { h.remove() }
        let run = try await h.runDetached(["run", "--provider", "e2b", "--agent", "shell", "echo from-$((6*7)); pwd; echo key-${#ANTHROPIC_API_KEY}"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("from-42"))
        #expect(run.stdout.contains("key-\(secret.count)"), "the forwarded credential reached the sandbox process")
        let task = try #require(RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout).first)
        #expect(task["provider"] as? String == "e2b")
        let id = try #require(task["id"] as? String)
        #expect((task["workspacePath"] as? String)?.hasPrefix("e2b://") == true)

        let show = try await h.runDetached(["show", id])
        #expect(show.stdout.contains("left before it times out"), "\(show.stdout)")
        let sandboxes = try await server.client().listSandboxes()
        #expect(sandboxes.count == 1)

        let doctor = try await h.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        #expect(doctor.stdout.contains("e2b          API key"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("accepted; 1 sandbox(es) running"))
        #expect(doctor.stdout.contains("fix: the base template has no agent CLIs"))

        let rm = try await h.runDetached(["rm", id])
        #expect(rm.status == 0, "stderr: \(rm.stderr)")
        #expect(try await server.client().listSandboxes().isEmpty, "the sandbox went with the task")

        let grep = try CommandRunner.run("/usr/bin/env", ["grep", "-rl", "--", secret, h.root.path], environment: [:], timeout: 30)
        #expect(grep.stdout.isEmpty, "no file holds the key: \(grep.stdout)")
    }

    @Test func aRejectedKeyAndAMissingKeyAreClear() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let h = try RClaudeHarness(environment: ["E2B_API_KEY": "wrong", "E2B_API_URL": server.baseURL, "E2B_SANDBOX_URL": server.baseURL])
        defer { h.remove() }
        let wrong = try await h.runDetached(["run", "--provider", "e2b", "--agent", "shell", "true"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("E2B_API_KEY"), "\(wrong.stderr)")
        let missing = try await h.runDetached(["run", "--provider", "e2b", "--agent", "shell", "true"], extraEnvironment: ["E2B_API_KEY": ""])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("E2B_API_KEY is not set"), "\(missing.stderr)")
        #expect(RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout).isEmpty, "routing refused before a task existed")
        let doctor = try await h.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("FAIL  e2b          API key"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("fix: check E2B_API_KEY"))
    }
}
