import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// The task queue, batches, routing by configuration and the restart policy, through the
    /// real binary.
    @Suite(.serialized) struct QueueTests {
        func harness(config: String?) throws -> RClaudeHarness {
            let h = try RClaudeHarness()
            try FileManager.default.createDirectory(atPath: h.home, withIntermediateDirectories: true)
            if let config { try config.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8) }
            return h
        }

        @Test func batchNeverRunsMoreThanTheProviderLimit() throws {
            let h = try harness(config: #"{"providers": {"local": {"maxConcurrent": 2}}}"#)
            defer { h.remove() }
            let log = h.root.appending("intervals.log")
            let line = "echo start $(date +%s%N) >> \(log); sleep 0.4; echo end $(date +%s%N) >> \(log)"
            let file = h.root.appending("batch.txt")
            try (["# six tasks, two at a time", ""] + Array(repeating: line, count: 6)).joined(separator: "\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let run = try h.run(["batch", "--agent", "shell", "--wait", file], timeout: 120)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.split(separator: "\n").filter { $0.contains("succeeded") }.count == 6, "\(run.stdout)")
            var events: [(time: Int, delta: Int)] = []
            for entry in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
                let parts = entry.split(separator: " ")
                guard parts.count == 2, let time = Int(parts[1]) else { continue }
                events.append((time, parts[0] == "start" ? 1 : -1))
            }
            #expect(events.count == 12)
            var running = 0
            var peak = 0
            for event in events.sorted(by: { $0.time < $1.time || ($0.time == $1.time && $0.delta < $1.delta) }) {
                running += event.delta
                peak = max(peak, running)
            }
            #expect(peak == 2, "two run at once, never three")
        }

        @Test func fiftyConcurrentShellTasksKeepEveryByte() throws {
            let h = try harness(config: #"{"providers": {"local": {"maxConcurrent": 50}}}"#)
            defer { h.remove() }
            let file = h.root.appending("batch.json")
            let prompts = (0..<50).map { k in "\"seq \(k * 100_000) \(k * 100_000 + 12_000)\"" }
            try ("[" + prompts.joined(separator: ",") + "]").write(toFile: file, atomically: true, encoding: .utf8)
            let run = try h.run(["batch", "--agent", "shell", "--wait", "--json", file], timeout: 300)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let records = RClaudeHarness.jsonLines(run.stdout).filter { $0["status"] != nil }
            #expect(records.count == 50)
            for record in records {
                let id = try #require(record["id"] as? String)
                let prompt = try #require(record["prompt"] as? String)
                let bounds = prompt.split(separator: " ").dropFirst().compactMap { Int($0) }
                let expected = (bounds[0]...bounds[1]).map { "\($0)\n" }.joined()
                let raw = try h.run(["logs", "--raw", id])
                #expect(raw.stdout.count == expected.count, "task \(id): \(raw.stdout.count) of \(expected.count) bytes")
                #expect(raw.stdout == expected, "task \(id) output intact")
            }
        }

        @Test func twentyConcurrentRealClaudeTasksAllFinishWithTheirWholeStreams() throws {
            let scenario = try ClaudeScenario("simple.json")
            defer { scenario.done() }
            let h = scenario.harness
            try FileManager.default.createDirectory(atPath: h.home, withIntermediateDirectories: true)
            try #"{"providers": {"local": {"maxConcurrent": 20}}}"#.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
            let file = h.root.appending("prompts.txt")
            try (1...20).map { "say hello number \($0)" }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let run = try h.run(["batch", "--agent", "claude", "--wait", "--json", file], timeout: 600)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let records = RClaudeHarness.jsonLines(run.stdout).filter { $0["status"] != nil }
            #expect(records.count == 20)
            #expect(Set(records.compactMap { $0["prompt"] as? String }).count == 20)
            for record in records {
                #expect(record["status"] as? String == "succeeded")
                let id = try #require(record["id"] as? String)
                let raw = try h.run(["logs", "--raw", id]).stdout
                let lines = raw.split(separator: "\n")
                #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "task \(id): every line whole")
                #expect(lines.last?.contains("\"type\":\"result\"") == true, "task \(id) kept its stream to the result")
                #expect(raw.contains("Hello from the scripted API."))
            }
        }

        @Test func queuedTaskSaysWhyAndCanBeCancelled() throws {
            let h = try harness(config: #"{"providers": {"local": {"maxConcurrent": 1}}}"#)
            defer { h.remove() }
            let first = try h.run(["run", "--agent", "shell", "--detach", "python3 -c 'import time; time.sleep(30)'"])
            #expect(first.status == 0)
            let firstID = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try waitForStatus(h, firstID, "running")
            let second = try h.run(["run", "--agent", "shell", "--detach", "echo never"])
            let secondID = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let queued = try waitForReason(h, secondID, containing: "waiting for a free local slot")
            #expect(queued["status"] as? String == "queued")
            // An interactive task is someone waiting at a terminal: it does not queue.
            let shell = try h.run(["run", "--agent", "shell", "--interactive", "--detach", "exec cat"])
            let shellID = shell.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try waitForStatus(h, shellID, "running")
            #expect(try h.run(["cancel", shellID]).status == 0)
            let cancel = try h.run(["cancel", secondID])
            #expect(cancel.status == 0, "stderr: \(cancel.stderr)")
            let cancelled = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", secondID]).stdout).first)
            #expect(cancelled["status"] as? String == "cancelled")
            #expect(try h.run(["logs", "--raw", secondID]).stdout.isEmpty, "the queued task never ran")
            #expect(try h.run(["cancel", firstID]).status == 0)
        }

        @Test func restartPolicyRerunsAFailedTurn() throws {
            let h = try harness(config: nil)
            defer { h.remove() }
            let workspace = h.root.appending("ws")
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            let script = "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo attempt $n; [ $n -ge 3 ]"
            let run = try h.run(["run", "--agent", "shell", "--workspace", workspace, "--restart", "on-failure:3", script])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("restarting (1 of 3) after: exited with status 1"))
            #expect(run.stdout.contains("restarting (2 of 3)"))
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first)
            #expect(task["status"] as? String == "succeeded")
            #expect(task["restartCount"] as? Int == 2)

            let limited = try h.run(["run", "--agent", "shell", "--restart", "on-failure:1", "exit 4"])
            #expect(limited.status == 1)
            #expect(limited.stdout.contains("restarting (1 of 1)"))
            let bad = try h.run(["run", "--agent", "shell", "--restart", "always", "true"])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--restart must be 'no' or 'on-failure:N'"))
        }

        @Test func badConfigurationAndBadBatchesAreClearAndStartNothing() throws {
            let h = try harness(config: #"{"providers": {"local": {"maxConcurrent": "lots"}}}"#)
            defer { h.remove() }
            let ls = try h.run(["ls"])
            #expect(ls.status == 2)
            #expect(ls.stderr.contains("providers.local.maxConcurrent must be a whole number from 1 to 10000"), "\(ls.stderr)")
            try #"{"defaultProvider": "local"}"#.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
            let file = h.root.appending("bad.json")
            try #"["echo fine", {"prompt": "echo x", "agnet": "shell"}]"#.write(toFile: file, atomically: true, encoding: .utf8)
            let batch = try h.run(["batch", "--agent", "shell", file])
            #expect(batch.status == 2)
            #expect(batch.stderr.contains(#"item 2: unknown key "agnet""#), "\(batch.stderr)")
            try #"["echo fine", {"prompt": "echo x", "workspace": "/nonexistent/dir"}]"#.write(toFile: file, atomically: true, encoding: .utf8)
            let missing = try h.run(["batch", "--agent", "shell", file])
            #expect(missing.status != 0)
            #expect(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).isEmpty, "a bad entry starts nothing")
        }

        @Test func routingRulesPickTheProviderAndUnhealthyOnesFallBack() throws {
            let h = try harness(
                config: """
                    {"routes": [{"label": "boxed", "provider": "docker"}],
                     "providers": {"docker": {"fallback": "local"}}}
                    """)
            defer { h.remove() }
            let run = try h.run(
                ["run", "--agent", "shell", "--label", "boxed", "echo routed"],
                extraEnvironment: ["DOCKER_HOST": "unix://" + h.root.appending("no-daemon.sock")])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("docker is unhealthy ("), "\(run.stderr)")
            #expect(run.stderr.contains("using its fallback local"))
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first)
            #expect(task["provider"] as? String == "local")
            #expect((task["options"] as? [String: Any])?["labels"] as? [String] == ["boxed"])

            try #"{"defaultProvider": "docker"}"#.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
            let down = try h.run(
                ["run", "--agent", "shell", "echo x"], extraEnvironment: ["DOCKER_HOST": "unix://" + h.root.appending("no-daemon.sock")])
            #expect(down.status != 0)
            #expect(down.stderr.contains("docker is unhealthy"))
            #expect(down.stderr.contains("providers.docker.fallback"))
        }

        private func show(_ h: RClaudeHarness, _ id: String) throws -> [String: Any] {
            try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
        }

        private func waitForStatus(_ h: RClaudeHarness, _ id: String, _ status: String) throws {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if try show(h, id)["status"] as? String == status { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("task \(id) never became \(status)")
        }

        private func waitForReason(_ h: RClaudeHarness, _ id: String, containing text: String) throws -> [String: Any] {
            let deadline = Date().addingTimeInterval(30)
            var last: [String: Any] = [:]
            while Date() < deadline {
                last = try show(h, id)
                if (last["reason"] as? String)?.contains(text) == true { return last }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("task \(id) never said '\(text)': \(last)")
            return last
        }
    }
}
