import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// Answering a real Claude Code CLI's permission requests and interrupting its turn, from the CLI.
    @Suite(.serialized) struct SteeringTests {
        typealias Setup = ClaudeScenario

        @Test func permissionRequestsWaitForTheUserAndAreApprovedOrDenied() throws {
            let s = try Setup("write_bash_edit.json")
            defer { s.done() }
            let start = try s.harness.run(["run", "--detach", "--permission-mode", "default", "create hello.txt, show it, then edit it"])
            #expect(start.status == 0, "stderr: \(start.stderr)")
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            let denyTooEarly = try s.harness.run(["deny", id])
            #expect(denyTooEarly.status != 0 || denyTooEarly.stdout.contains("denied"), "either not waiting yet or a real answer")
            let write = try s.waitFor(id, "the Write request") {
                ($0["pendingPermission"] as? [String: Any])?["toolName"] as? String == "Write"
            }
            #expect(write["status"] as? String == "waiting")
            // The summary is the file the tool would write (Claude passes it as an absolute path).
            #expect(((write["pendingPermission"] as? [String: Any])?["summary"] as? String)?.hasSuffix("/hello.txt") == true)
            let ls = try s.harness.run(["ls"])
            #expect(ls.stdout.contains("needs you") || ls.stdout.contains("waiting"))

            let approve = try s.harness.run(["approve", String(id.prefix(6))])
            #expect(approve.status == 0, "stderr: \(approve.stderr)")
            #expect(approve.stdout.contains("approved Write"))

            _ = try s.waitFor(id, "the Edit request") {
                ($0["pendingPermission"] as? [String: Any])?["toolName"] as? String == "Edit"
            }
            let deny = try s.harness.run(["deny", id, "--message", "no edits today"])
            #expect(deny.status == 0, "stderr: \(deny.stderr)")

            let final = try s.waitFor(id, "the end") { ($0["status"] as? String).map { ["succeeded", "failed", "cancelled"].contains($0) } ?? false }
            #expect(final["status"] as? String == "succeeded")
            #expect(final["pendingPermission"] == nil)
            let workspace = try #require(final["workspacePath"] as? String)
            #expect(try String(contentsOfFile: workspace + "/hello.txt", encoding: .utf8) == "hello world\n", "written, never edited")
            let events = RClaudeHarness.jsonLines(try s.harness.run(["logs", "--json", id]).stdout)
            let editResult = events.first { $0["type"] as? String == "tool_result" && $0["toolName"] as? String == "Edit" }
            #expect(editResult?["isError"] as? Bool == true)
            #expect((editResult?["content"] as? String)?.contains("no edits today") == true)

            let late = try s.harness.run(["approve", id])
            #expect(late.status != 0)
            #expect(late.stderr.contains("not waiting for permission"))
        }

        @Test func anInterruptStopsTheRunningTurn() throws {
            let s = try Setup("slow_bash.json")
            defer { s.done() }
            let start = try s.harness.run(["run", "--detach", "wait a while"])
            #expect(start.status == 0, "stderr: \(start.stderr)")
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let began = Date()
            _ = try s.waitFor(id, "the Bash call") { _ in
                RClaudeHarness.jsonLines((try? s.harness.run(["logs", "--json", id]).stdout) ?? "").contains {
                    $0["type"] as? String == "tool_use" && $0["name"] as? String == "Bash"
                }
            }
            let interrupt = try s.harness.run(["interrupt", id])
            #expect(interrupt.status == 0, "stderr: \(interrupt.stderr)")
            let final = try s.waitFor(id, "the end") { ($0["status"] as? String).map { ["succeeded", "failed", "cancelled"].contains($0) } ?? false }
            #expect(final["status"] as? String == "cancelled")
            #expect((final["reason"] as? String)?.contains("interrupted") == true)
            #expect(Date().timeIntervalSince(began) < 20, "the 30 s command did not run to its end")

            let ended = try s.harness.run(["interrupt", id])
            #expect(ended.status != 0)
            #expect(ended.stderr.contains("only a running task"))
        }
    
        @Test func anInteractiveClaudeSessionOpensAtItsPromptAndAnswers() throws {
            let s = try Setup("simple.json")
            defer { s.done() }
            var env = s.harness.environment
            env["LANG"] = "C.UTF-8"
            env["TERM"] = "xterm-256color"
            let tmux = try TmuxSession(
                command: "\(Fixtures.rclaudeExecutable) run --interactive 'say hello'; echo RUN-EXITED-$?; sleep 30", cols: 120,
                rows: 35, environment: env)
            defer { tmux.kill() }
            // No onboarding, API-key or trust question: the session answers the first prompt.
            let screen = try tmux.waitFor("Hello from the scripted API.", timeout: 60)
            #expect(!screen.contains("trust"), "no trust prompt: \(screen)")
            let data = try Data(contentsOf: URL(fileURLWithPath: s.harness.root.appending("user/.claude.json")))
            let settings = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(settings["hasCompletedOnboarding"] as? Bool == true)
            let projects = try #require(settings["projects"] as? [String: [String: Any]])
            #expect(projects.values.contains { $0["hasTrustDialogAccepted"] as? Bool == true })
            // A second prompt typed into the session gets the scripted reply too.
            try tmux.send(["and again"], literal: true)
            try tmux.send(["Enter"])
            Thread.sleep(forTimeInterval: 2)
            try tmux.send(["C-\\"])
            try tmux.waitFor("detached from task")
            let task = try #require(RClaudeHarness.jsonLines(try s.harness.run(["ls", "--json"]).stdout).first)
            #expect(task["status"] as? String == "running")
            let id = try #require(task["id"] as? String)
            _ = try s.harness.run(["cancel", id])
        }
    }
}
