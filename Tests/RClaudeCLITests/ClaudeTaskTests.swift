import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// The real Claude Code CLI, run by the real `rclaude`, against the scripted Messages API.
    @Suite(.serialized) struct ClaudeTaskTests {
        typealias Setup = ClaudeScenario

        @Test func writeBashEditChangeRealFilesInTheWorkspace() throws {
            let s = try Setup("write_bash_edit.json")
            defer { s.done() }
            let run = try s.harness.run(["run", "--json", "create hello.txt, show it, then edit it"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let events = RClaudeHarness.jsonLines(run.stdout)
            let types = events.compactMap { $0["type"] as? String }
            #expect(types.first == "init")
            #expect(types.last == "result")
            let tools = events.filter { $0["type"] as? String == "tool_use" }.compactMap { $0["name"] as? String }
            #expect(tools == ["Write", "Bash", "Edit"])
            let results = events.filter { $0["type"] as? String == "tool_result" }
            #expect(
                results.compactMap { $0["toolName"] as? String } == ["Write", "Bash", "Edit"], "results are paired")
            #expect(results.contains { ($0["content"] as? String)?.contains("hello world") == true })

            let task = try s.onlyTask()
            #expect(task["status"] as? String == "succeeded")
            #expect(task["turns"] as? Int == 4)
            #expect((task["costUSD"] as? Double ?? 0) > 0)
            #expect(task["agentSessionID"] as? String != nil)
            let workspace = try #require(task["workspacePath"] as? String)
            #expect(try String(contentsOfFile: workspace + "/hello.txt", encoding: .utf8) == "hello edited world\n")

            // The readable view of the same task.
            let logs = try s.harness.run(["logs", task["id"] as? String ?? ""])
            #expect(logs.stdout.contains("→ Write"))
            #expect(logs.stdout.contains("→ Bash"))
            #expect(logs.stdout.contains("→ Edit"))
            #expect(logs.stdout.contains("✓ done"))
        }

        @Test func failingToolIsShownAndTheTaskStillSucceeds() throws {
            let s = try Setup("failing_tool.json")
            defer { s.done() }
            let run = try s.harness.run(["run", "run the failing script"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("✗ Exit code 3"), "the failed tool result is marked: \(run.stdout)")
            #expect(try s.onlyTask()["status"] as? String == "succeeded")
        }

        @Test func maxTurnsFailsWithTheReason() throws {
            let s = try Setup("max_turns.json")
            defer { s.done() }
            let run = try s.harness.run(["run", "--max-turns", "2", "loop forever"])
            #expect(run.status == 1)
            let task = try s.onlyTask()
            #expect(task["status"] as? String == "failed")
            #expect((task["reason"] as? String)?.contains("maximum number of turns") == true)
        }

        @Test(arguments: [("api_400.json", "400"), ("api_401.json", "Invalid API key"), ("api_529.json", "529")])
        func apiErrorsFailFastWithAClearReason(_ scenario: String, _ expected: String) throws {
            let s = try Setup(scenario)
            defer { s.done() }
            let started = Date()
            let run = try s.harness.run(["run", "hello"], timeout: 60)
            #expect(run.status == 1)
            #expect(Date().timeIntervalSince(started) < 30, "no hang on API errors")
            let task = try s.onlyTask()
            #expect(task["status"] as? String == "failed")
            #expect(
                (task["reason"] as? String)?.contains(expected) == true, "reason: \(String(describing: task["reason"]))"
            )
            #expect(run.stderr.contains(expected) || run.stdout.contains(expected))
        }

        @Test func sendResumesTheSameSession() throws {
            let s = try Setup("followup.json")
            defer { s.done() }
            let first = try s.harness.run(["run", "first question"])
            #expect(first.status == 0, "stderr: \(first.stderr)")
            #expect(first.stdout.contains("first answer"))
            let before = try s.onlyTask()
            let id = try #require(before["id"] as? String)
            let session = try #require(before["agentSessionID"] as? String)
            let second = try s.harness.run(["send", String(id.prefix(6)), "second question"])
            #expect(second.status == 0, "stderr: \(second.stderr)")
            #expect(second.stdout.contains("second answer"))
            let after = try s.task(id)
            #expect(after["agentSessionID"] as? String == session, "the agent resumed its own session")
            #expect(after["followUps"] as? [String] == ["second question"])
            #expect(after["turns"] as? Int == 2, "turns add up over follow-ups")
            // The resumed request carried the first exchange.
            let main = s.server.requests().filter { $0["kind"] as? String == "main" }
            let lastBody = try #require(main.last?["body"] as? [String: Any])
            let history = String(describing: lastBody["messages"] ?? "")
            #expect(history.contains("first question") && history.contains("first answer"))
            // Both turns are in the log.
            let logs = try s.harness.run(["logs", id])
            #expect(logs.stdout.contains("first answer") && logs.stdout.contains("second answer"))
        }

        @Test func aOneMegabytePromptReachesTheAPI() throws {
            let s = try Setup("simple.json")
            defer { s.done() }
            let prompt = "summarize this: " + String(repeating: "lorem ipsum dolor sit amet ", count: 40_000)
            let run = try s.harness.run(["run", "-"], stdin: Data(prompt.utf8), timeout: 90)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let main = s.server.requests().filter { $0["kind"] as? String == "main" }
            let body = String(describing: main.first?["body"] ?? "")
            #expect(body.contains("summarize this: lorem ipsum"))
            #expect(body.utf8.count > 1_000_000, "the whole prompt was sent")
        }

        @Test func missingClaudeBinarySaysHowToInstallIt() throws {
            let s = try Setup("simple.json")
            defer { s.done() }
            let wrong = try s.harness.run(
                ["run", "hi"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/nonexistent/claude"])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("RCLAUDE_CLAUDE_BIN"))
            let none = try s.harness.run(
                ["run", "hi"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "", "PATH": "/usr/bin:/bin"])
            #expect(none.status == 1)
            #expect(none.stderr.contains("pip install claude-agent-sdk"))
            let tasks = RClaudeHarness.jsonLines(try s.harness.run(["ls", "--json", "--all"]).stdout)
            #expect(
                tasks.count == 2 && tasks.allSatisfy { $0["status"] as? String == "failed" }, "failures are recorded")
            for task in tasks {
                let workspace = try #require(task["workspacePath"] as? String, "the workspace made before the failure is recorded")
                #expect(FileManager.default.fileExists(atPath: workspace))
            }
        }

        /// The plan's "100 tasks executed successfully": 100 real Claude tasks in a row.
        @Test func hundredTasksInARowAllSucceed() throws {
            let s = try Setup("simple.json")
            defer { s.done() }
            var failures: [String] = []
            for i in 0..<100 {
                let run = try s.harness.run(["run", "task number \(i)"], timeout: 60)
                if run.status != 0 { failures.append("task \(i): \(run.stderr)") }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            let tasks = RClaudeHarness.jsonLines(try s.harness.run(["ls", "--json", "--all"]).stdout)
            #expect(tasks.count == 100)
            #expect(tasks.allSatisfy { $0["status"] as? String == "succeeded" })
            let prompts = Set(tasks.compactMap { $0["prompt"] as? String })
            #expect(prompts.count == 100)
        }
    }
}
