import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// The real `rclaude` binary running shell tasks in local sandboxes.
    @Suite(.serialized) struct ShellTaskTests {
        @Test func successfulTaskIsRecordedWithOutput() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let run = try h.run(["run", "--agent", "shell", "echo hello; echo oops >&2; pwd"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("hello\noops\n"), "stdout and stderr arrive in order")
            let ls = RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout)
            #expect(ls.count == 1)
            let task = try #require(ls.first)
            #expect(task["status"] as? String == "succeeded")
            #expect(task["exitCode"] as? Int == 0)
            let workspace = try #require(task["workspacePath"] as? String)
            #expect(run.stdout.contains(workspace), "the agent ran in its own workspace")
            let id = try #require(task["id"] as? String)
            let logs = try h.run(["logs", String(id.prefix(5))])
            #expect(logs.stdout == "hello\noops\n\(workspace)\n")
            let raw = try h.run(["logs", "--raw", id])
            #expect(raw.stdout == "hello\noops\n\(workspace)\n")
        }

        @Test func aLocalRunNeverLoadsLibcurl() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            // The task's parent is the `rclaude run` process (it supervises in-process).
            let run = try h.run(["run", "--agent", "shell", "cat /proc/$PPID/maps"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("rclaude"), "the maps are rclaude's")
            #expect(!run.stdout.contains("libcurl"), "libcurl is loaded only by commands that speak HTTP")
        }

        @Test func failingTaskExitsNonZeroWithReason() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let run = try h.run(["run", "--agent", "shell", "echo partial; exit 3"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("exited with status 3"))
            let show = try h.run(["show", "--json", try onlyID(h)])
            let task = try #require(RClaudeHarness.jsonLines(show.stdout).first)
            #expect(task["status"] as? String == "failed")
            #expect(task["exitCode"] as? Int == 3)
            #expect((task["reason"] as? String)?.contains("status 3") == true)
        }

        @Test func jsonOutputIsOneEventPerLine() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let run = try h.run(["run", "--agent", "shell", "--json", "printf 'a\\nb\\n'"])
            #expect(run.status == 0)
            let events = RClaudeHarness.jsonLines(run.stdout)
            #expect(events.map { $0["type"] as? String } == ["output", "output"])
            #expect(events.map { $0["text"] as? String } == ["a", "b"])
        }

        @Test func nonUTF8AndControlSequencesAreSafe() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let run = try h.run([
                "run", "--agent", "shell", "printf 'bad \\377\\376 bytes\\n\\033]52;c;SGVsbG8=\\007\\033[2J'",
            ])
            #expect(run.status == 0)
            #expect(run.stdout.contains("bad \u{FFFD}\u{FFFD} bytes"))
            #expect(!run.stdout.contains("\u{1b}"), "escape sequences from the task never reach the terminal raw")
            let raw = try h.run(["logs", "--raw", try onlyID(h)])
            #expect(raw.stdout.utf8.contains(0x1b), "--raw to a pipe keeps the exact bytes")
        }

        @Test func hugePromptIsAccepted() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            // A 1 MB script: far beyond the kernel's 128 KiB limit for one argument.
            let filler = String(repeating: "#" + String(repeating: "x", count: 99) + "\n", count: 10_000)
            let script = filler + "echo big-prompt-ran\n"
            let run = try h.run(["run", "--agent", "shell", "-"], stdin: Data(script.utf8))
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("big-prompt-ran"))
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first)
            #expect((task["prompt"] as? String)?.utf8.count == script.utf8.count, "the whole prompt is kept")
        }

        @Test func badWorkspacesAreRejectedBeforeAnythingRuns() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let missing = try h.run(["run", "--agent", "shell", "--workspace", h.root.appending("nope"), "true"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("does not exist"))
            let file = h.root.appending("afile")
            FileManager.default.createFile(atPath: file, contents: Data())
            let notDir = try h.run(["run", "--agent", "shell", "--workspace", file, "true"])
            #expect(notDir.status != 0)
            #expect(notDir.stderr.contains("not a directory"))
            let both = try h.run(["run", "--agent", "shell", "--workspace", "/tmp", "--repo", "/tmp", "true"])
            #expect(both.status != 0)
            #expect(both.stderr.contains("exclude each other"))
            #expect(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).isEmpty, "no task was created")
        }

        @Test func existingWorkspaceIsUsed() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let ws = h.root.appending("ws")
            try FileManager.default.createDirectory(atPath: ws, withIntermediateDirectories: true)
            let run = try h.run(["run", "--agent", "shell", "--workspace", ws, "echo made > out.txt"])
            #expect(run.status == 0)
            #expect(try String(contentsOfFile: ws + "/out.txt", encoding: .utf8) == "made\n")
        }

        @Test func repoGetsAWorktreeOnItsOwnBranch() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let repo = h.root.appending("repo")
            try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
            let git = "/usr/bin/env"
            var env = h.environment
            env["GIT_AUTHOR_NAME"] = "t"
            env["GIT_AUTHOR_EMAIL"] = "t@e"
            env["GIT_COMMITTER_NAME"] = "t"
            env["GIT_COMMITTER_EMAIL"] = "t@e"
            for args in [["git", "init", "-q"], ["git", "commit", "-q", "--allow-empty", "-m", "init"]] {
                let r = try CommandRunner.run(git, args, environment: env, directory: repo)
                try #require(r.status == 0, "\(args): \(r.stderr)")
            }
            let run = try h.run(["run", "--agent", "shell", "--repo", repo, "git rev-parse --abbrev-ref HEAD"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let id = try onlyID(h)
            #expect(run.stdout.contains("rclaude/\(id)"))
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect(task["branch"] as? String == "rclaude/\(id)")

            let plain = h.root.appending("plain")
            try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
            let notRepo = try h.run(["run", "--agent", "shell", "--repo", plain, "true"])
            #expect(notRepo.status == 1)
            #expect(notRepo.stderr.contains("not a git repository"))
        }

        @Test func unknownAndAmbiguousIDsGiveClearErrors() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            for _ in 0..<20 { _ = try h.run(["run", "--agent", "shell", "--detach", "true"]) }
            let unknown = try h.run(["show", "zzz"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("not a task id"))
            let none = try h.run(["show", "ffffffffffff0"])
            #expect(none.status == 2)
            #expect(none.stderr.contains("no task matches"))
            // With 20 ids some single hex digit is shared by at least two of them.
            let ids = RClaudeHarness.jsonLines(try h.run(["ls", "--json", "--all"]).stdout).compactMap {
                $0["id"] as? String
            }
            let firstChars = Dictionary(grouping: ids, by: { $0.prefix(1) })
            let shared = try #require(firstChars.first { $0.value.count > 1 }?.key)
            let ambiguous = try h.run(["show", String(shared)])
            #expect(ambiguous.status == 2)
            #expect(ambiguous.stderr.contains("matches"))
        }

        @Test func detachedTaskCanBeFollowedAndRemoved() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let start = try h.run([
                "run", "--agent", "shell", "--detach", "for i in 1 2 3; do echo tick $i; sleep 0.2; done",
            ])
            #expect(start.status == 0)
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.count == 12)
            let follow = try h.run(["logs", "--follow", id], timeout: 30)
            #expect(follow.stdout == "tick 1\ntick 2\ntick 3\n")
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect(task["status"] as? String == "succeeded")
            let rm = try h.run(["rm", id])
            #expect(rm.status == 0)
            #expect(RClaudeHarness.jsonLines(try h.run(["ls", "--json", "--all"]).stdout).isEmpty)
            #expect(try h.run(["rm", id]).status != 0)
        }

        @Test func aFollowUpToATaskWhoseWorkspaceIsGoneSaysSoAndChangesNothing() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let run = try h.run(["run", "--agent", "shell", "echo first"])
            #expect(run.status == 0)
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first)
            let id = try #require(task["id"] as? String)
            try FileManager.default.removeItem(atPath: try #require(task["workspacePath"] as? String))
            let send = try h.run(["send", id, "echo second"])
            #expect(send.status != 0)
            #expect(send.stderr.contains("is gone"), "stderr: \(send.stderr)")
            let after = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect(after["status"] as? String == "succeeded")
            #expect((after["followUps"] as? [String])?.isEmpty == true)
        }

        @Test func cancelStopsTheWholeProcessGroup() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let marker = h.root.appending("child.pid")
            let start = try h.run(["run", "--agent", "shell", "--detach", "sleep 300 & echo $! > \(marker); wait"])
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            var childPID: Int32 = 0
            for _ in 0..<100 where childPID == 0 {
                childPID =
                    Int32(
                        (try? String(contentsOfFile: marker, encoding: .utf8))?.trimmingCharacters(
                            in: .whitespacesAndNewlines) ?? "") ?? 0
                Thread.sleep(forTimeInterval: 0.05)
            }
            try #require(childPID > 0)
            let cancel = try h.run(["cancel", "--grace", "2", id])
            #expect(cancel.status == 0, "stderr: \(cancel.stderr)")
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect(task["status"] as? String == "cancelled")
            Thread.sleep(forTimeInterval: 0.2)
            #expect(!isRunning(childPID), "the agent's child process is gone too")
            let again = try h.run(["cancel", id])
            #expect(again.status != 0)
            #expect(again.stderr.contains("already ended"))
        }

        @Test func killedSupervisorLeavesFailedProcessLost() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let start = try h.run(["run", "--agent", "shell", "--detach", "echo written-before-the-crash; sleep 300"])
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            var supervisor: Int32 = 0
            var group: Int32 = 0
            for _ in 0..<100 where group == 0 {
                if let task = RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first {
                    supervisor = Int32(task["supervisorPID"] as? Int ?? 0)
                    group = Int32(task["agentProcessGroup"] as? Int ?? 0)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            try #require(supervisor > 0 && group > 0)
            kill(supervisor, SIGKILL)
            kill(-group, SIGKILL)
            Thread.sleep(forTimeInterval: 0.2)
            let ls = RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout)
            #expect(ls.first?["status"] as? String == "failed")
            #expect(ls.first?["reason"] as? String == "process lost")
            // Everything written before the crash is still there.
            let logs = try h.run(["logs", id])
            #expect(logs.stdout.contains("written-before-the-crash"))
        }

        @Test func sendRunsAFollowUpInTheSameWorkspace() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            _ = try h.run(["run", "--agent", "shell", "echo one > f.txt"])
            let id = try onlyID(h)
            let send = try h.run(["send", id, "cat f.txt; echo two >> f.txt"])
            #expect(send.status == 0, "stderr: \(send.stderr)")
            #expect(send.stdout.contains("one"))
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect((task["followUps"] as? [String])?.count == 1)
            let logs = try h.run(["logs", id])
            #expect(logs.stdout == "one\n", "the log keeps every turn's output")
        }

        @Test func interactiveTaskRunsUnderAPTY() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let start = try h.run([
                "run", "--agent", "shell", "--interactive", "--detach",
                "tty; stty size; test -t 0 && echo stdin-is-tty",
            ])
            let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let logs = try h.run(["logs", "--follow", "--raw", id], timeout: 30)
            #expect(logs.stdout.contains("/dev/pts/"))
            #expect(logs.stdout.contains("24 80"))
            #expect(logs.stdout.contains("stdin-is-tty"))
        }

        /// Whether `pid` is a live process (a zombie waiting for its reaper does not count).
        private func isRunning(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
            return state != "Z" && state != "X"
        }

        private func onlyID(_ h: RClaudeHarness) throws -> String {
            let ls = RClaudeHarness.jsonLines(try h.run(["ls", "--json", "--all"]).stdout)
            return try #require(ls.first?["id"] as? String)
        }
    }
}
