import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// `rclaude run --interactive` and `rclaude attach` in a real terminal (tmux).
    @Suite(.serialized) struct AttachTests {
        @Test func typeDetachReattachAndResize() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            var env = h.environment
            env["LANG"] = "C.UTF-8"
            env["TERM"] = "xterm-256color"
            let exe = Fixtures.rclaudeExecutable
            let program = "while read line; do [ \"$line\" = size ] && stty size; echo got:$line; done"
            let tmux = try TmuxSession(
                command: "\(exe) run --agent shell --interactive '\(program)'; echo RUN-EXITED-$?; sleep 30",
                cols: 100, rows: 30, environment: env)
            defer { tmux.kill() }
            try tmux.waitFor("press Ctrl-\\ to detach")
            try tmux.send(["hello"], literal: true)
            try tmux.send(["Enter"])
            try tmux.waitFor("got:hello")
            try tmux.send(["size"], literal: true)
            try tmux.send(["Enter"])
            try tmux.waitFor("30 100")

            // Detach: the task keeps running.
            try tmux.send(["C-\\"])
            try tmux.waitFor("detached from task")
            try tmux.waitFor("RUN-EXITED-0")
            let ls = RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout)
            let task = try #require(ls.first)
            #expect(task["status"] as? String == "running")
            let id = try #require(task["id"] as? String)

            // Reattach in a bigger window: the output so far is replayed, and the PTY follows the size.
            let again = try TmuxSession(
                command: "\(exe) attach \(id.prefix(6)); echo ATTACH-EXITED-$?; sleep 30", cols: 120, rows: 40,
                environment: env)
            defer { again.kill() }
            try again.waitFor("got:hello")
            try again.send(["size"], literal: true)
            try again.send(["Enter"])
            try again.waitFor("40 120")
            try again.resize(cols: 90, rows: 25)
            Thread.sleep(forTimeInterval: 0.3)
            try again.send(["size"], literal: true)
            try again.send(["Enter"])
            try again.waitFor("25 90")
            // End the program: the attach ends with its exit status.
            try again.send(["C-d"])
            try again.waitFor("ATTACH-EXITED-0")
            let final = try #require(RClaudeHarness.jsonLines(try h.run(["show", "--json", id]).stdout).first)
            #expect(final["status"] as? String == "succeeded")
        }

        @Test func hostileOutputIsFilteredOnAttach() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            var env = h.environment
            env["LANG"] = "C.UTF-8"
            let exe = Fixtures.rclaudeExecutable
            // OSC 52 (clipboard write) and a title change, then plain text.
            let program = "printf '\\033]52;c;cHduZWQ=\\007\\033]2;HACKED-TITLE\\007visible-text\\n'; sleep 5"
            let tmux = try TmuxSession(
                command: "\(exe) run --agent shell --interactive \"\(program)\"; sleep 30", cols: 100, rows: 30,
                environment: env)
            defer { tmux.kill() }
            try tmux.waitFor("visible-text")
            let title = try CommandRunner.run(
                "/usr/bin/env", ["tmux", "-L", tmux.socket, "display-message", "-p", "-t", "t", "#{pane_title}"],
                environment: env, timeout: 10)
            #expect(!title.stdout.contains("HACKED-TITLE"), "the title sequence never reached the terminal")
            let buffers = try CommandRunner.run(
                "/usr/bin/env", ["tmux", "-L", tmux.socket, "list-buffers"], environment: env, timeout: 10)
            #expect(!buffers.stdout.contains("pwned"), "the clipboard write never reached the terminal")
        }

        @Test func attachToHeadlessOrEndedTaskExplains() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            _ = try h.run(["run", "--agent", "shell", "true"])
            let id = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first?["id"] as? String)
            let r = try h.run(["attach", id])
            #expect(r.status != 0)
            #expect(r.stderr.contains("headless"))
        }
    }
}
