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

    @Test func aRepositoryGoesInAndTheChangesComeBackThroughEnvd() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let h = try RClaudeHarness(environment: [
            "E2B_API_KEY": FakeE2BServer.apiKey, "E2B_API_URL": server.baseURL, "E2B_SANDBOX_URL": server.baseURL,
        ])
        defer { h.remove() }
        let repo = try ScratchRepository(at: h.root.appending("repo"))
        let base = repo.head
        try "junk\n".write(toFile: repo.path + "/junk.tmp", atomically: true, encoding: .utf8)
        let script = "test -d .git && echo has-git; test -e junk.tmp || echo no-junk; echo more >> README.md; mkdir -p src; echo new > src/new.txt"
        let run = try await h.runDetached(["run", "--provider", "e2b", "--agent", "shell", "--repo", repo.path, script])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("has-git") && run.stdout.contains("no-junk"), "\(run.stdout)")
        let task = try #require(RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout).first)
        let id = try #require(task["id"] as? String)
        #expect(task["baseCommit"] as? String == base)
        #expect(task["branch"] as? String == "rclaude/\(id)")

        let diff = try await h.runDetached(["diff", id])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+more") && diff.stdout.contains("+new"), "\(diff.stdout)")
        let pull = try await h.runDetached(["pull", id])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("pulled 1 commit into branch rclaude/\(id)"), "\(pull.stdout)")
        #expect(try repo.git("diff", base, "rclaude/\(id)") == diff.stdout)
        #expect(try repo.git("show", "rclaude/\(id):src/new.txt") == "new\n")
        _ = try await h.runDetached(["rm", id])
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
