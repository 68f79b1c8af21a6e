import Foundation
import RClaudeTestSupport
import Testing

/// The real `rclaude tui`, run under tmux on a private socket: what a user sees and types.
@Suite(.serialized, .enabled(if: TUIUnderTmux.isAvailable, "needs tmux and an rclaude binary with the tui command"))
struct TmuxEndToEndTests {
    @Test func aShellTaskAppearsRunsAndFinishesOnTheDashboard() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        let id = try run.startTask(["--agent", "shell", "--detach", "sleep 2; echo out-$((6*7))"])
        try run.launch()
        try run.waitFor("● running")
        try run.waitFor(String(id.prefix(12)))
        let screen = try run.waitFor("✓ succeeded", timeout: 20)
        #expect(screen.contains("sleep 2; echo out-"))
        try run.waitFor("out-42")
        try run.quit()
    }

    @Test func aMouseClickOnADashboardRowSelectsThatTask() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        let first = try run.startTask(["--agent", "shell", "--detach", "echo out-$((1+1))"])
        let second = try run.startTask(["--agent", "shell", "--detach", "echo out-$((2+3))"])
        try run.launch()
        try run.waitFor(String(first.prefix(12)))
        let screen = try run.waitFor(String(second.prefix(12)))
        _ = try run.waitUntil("a selected task's output") { $0.contains("out-2") || $0.contains("out-5") }
        // Click the row of the task whose output is not shown (X10 mouse report, as the terminal
        // sends it: ESC [ M, button, column and row, each + 32, 1-based).
        let shown = try run.capture().contains("out-2") ? first : second
        let other = shown == first ? second : first
        let lines = screen.components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains(String(other.prefix(12))) })
        let column = try #require(lines[row].range(of: String(other.prefix(12)))).lowerBound.utf16Offset(in: lines[row])
        func report(_ button: Int) -> String {
            String(decoding: [0x1B, 0x5B, 0x4D, UInt8(32 + button), UInt8(32 + column + 1), UInt8(32 + row + 1)], as: UTF8.self)
        }
        try run.type(report(0) + report(3))
        try run.waitFor(other == first ? "out-2" : "out-5")
        try run.quit()
    }

    @Test func aClaudeTaskShowsItsToolCallsInTheDetail() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        // The real Claude Code CLI against the scripted Messages API on 127.0.0.1.
        let server = try ScriptedAPIServer(
            scenario: "write_bash_edit.json", logPath: run.harness.root.appending("requests.jsonl"))
        defer { server.stop() }
        for (key, value) in server.claudeEnvironment { run.environment[key] = value }
        run.environment["RCLAUDE_CLAUDE_BIN"] = try ClaudeBinary.path()
        _ = try run.startTask(["--detach", "create hello.txt, show it, then edit it"])
        try run.launch()
        try run.waitFor("✓ succeeded", timeout: 60)
        let screen = try run.waitFor("▸ Edit")
        #expect(screen.contains("▸ Write"))
        #expect(screen.contains("▸ Bash"))
        #expect(screen.contains("cat hello.txt"))
        #expect(screen.contains("✓ done"))
        try run.send(["2", "g"])
        try run.quit()
    }

    @Test func anInteractiveClaudeSessionAnswersInTheTerminalPane() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        let server = try ScriptedAPIServer(scenario: "simple.json", logPath: run.harness.root.appending("requests.jsonl"))
        defer { server.stop() }
        for (key, value) in server.claudeEnvironment { run.environment[key] = value }
        run.environment["RCLAUDE_CLAUDE_BIN"] = try ClaudeBinary.path()
        let id = try run.startTask(["--interactive", "--detach", "say hello"])
        defer {
            _ = try? CommandRunner.run(Fixtures.rclaudeExecutable, ["cancel", id], environment: run.environment, timeout: 20)
        }
        try run.launch()
        try run.waitFor("● running")
        try run.send(["3"])
        // Claude Code's own UI in the pane: it took the first prompt and shows the scripted reply,
        // with no first-run, API-key or trust question in between.
        try run.waitFor("Hello from the scripted API.", timeout: 60)
        try run.send(["Enter"])
        try run.waitFor("ATTACHED")
        try run.type("and again")
        try run.send(["Enter"])
        // The scenario's second answer (past its last turn) is "Done.".
        let screen = try run.waitFor("Done.", timeout: 60)
        #expect(screen.contains("and again"))
        try run.send(["C-\\"])
        try run.quit()
    }

    @Test func attachTypeSeeAndDetachWithThePrefixKey() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        let id = try run.startTask(["--agent", "shell", "--interactive", "--detach", "PS1='$ ' exec sh -i"])
        defer {
            _ = try? CommandRunner.run(
                Fixtures.rclaudeExecutable, ["cancel", id], environment: run.environment, timeout: 20)
        }
        try run.launch()
        try run.waitFor("● running")
        try run.send(["3"])
        try run.waitFor("Enter attaches")
        try run.send(["Enter"])
        try run.waitFor("ATTACHED")
        try run.type("echo hi-$((40+2))")
        try run.send(["Enter"])
        try run.waitFor("hi-42")
        try run.type("q")
        try run.waitFor("$ q")
        try run.send(["C-\\"])
        let screen = try run.waitFor("detached")
        #expect(!screen.contains("ATTACHED to"))
        try run.quit()
    }

    @Test func theFileBrowserShowsAWrittenFileAndItsDiff() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        let repo = run.harness.root.appending("repo")
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        for command in [
            "git init -q", "git config user.email t@example.com", "git config user.name T",
            "printf 'first line\\n' > README.md", "git add README.md", "git commit -q -m init",
        ] {
            let result = try CommandRunner.run(
                "/bin/sh", ["-c", command], environment: run.environment, directory: repo)
            try #require(result.status == 0, "\(command): \(result.stderr)")
        }
        _ = try run.startTask([
            "--agent", "shell", "--repo", repo, "echo new > added.txt; echo second line >> README.md",
        ])
        try run.launch()
        try run.waitFor("✓ succeeded", timeout: 20)
        try run.send(["4"])
        try run.waitFor("added.txt")
        try run.send(["D"])
        try run.waitFor("2 changed files")
        try run.send(["Enter"])
        let screen = try run.waitFor("+second line")
        #expect(screen.contains("@@"))
        let colours = try run.capture(escapes: true)
        #expect(colours.contains("38;5;114m+second line"), "added lines are green in the dark theme")
        try run.quit()
    }

    @Test func theDefaultThemeFollowsTheTerminalsBackgroundFromOSC11() throws {
        // tmux answers an OSC 11 query with its window style's background.
        for (background, theme) in [("#ffffff", "light"), ("#000000", "dark")] {
            let run = try TUIUnderTmux()
            defer { run.finish() }
            try run.launch(tmuxConfig: ["set -g window-style 'bg=\(background)'"])
            let screen = try run.waitFor("0 tasks")
            let header = screen.components(separatedBy: "\n").first ?? ""
            #expect(header.contains(" \(theme) "), "a \(background) background picks \(theme): \(header)")
            try run.quit()
        }
    }

    @Test func themeSwitchChangesColoursAndResizeFollowsTheWindow() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        _ = try run.startTask(["--agent", "shell", "echo ok"])
        try run.launch(arguments: ["--theme", "dark"])
        try run.waitFor("✓ succeeded")
        let dark = try run.capture(escapes: true)
        #expect(dark.contains("38;5;75m"), "dark focused border colour")
        try run.send(["t"])
        try run.waitFor("theme: light")
        let light = try run.capture(escapes: true)
        #expect(light.contains("38;5;25m"), "light focused border colour")
        #expect(!light.contains("38;5;75m"))

        try run.resize(cols: 80, rows: 24)
        var screen = try run.waitUntil("an 80×24 frame") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.first?.hasPrefix(" rclaude") == true && lines.count >= 24 && lines[23].contains("?")
                && lines.allSatisfy { $0.count <= 80 } && lines[1].hasSuffix("╮") && lines[1].count == 80
        }
        #expect(screen.contains("╰"))
        try run.resize(cols: 30, rows: 8)
        try run.waitFor("too small")
        try run.resize(cols: 160, rows: 50)
        screen = try run.waitFor("3 Terminal")
        #expect(screen.contains("2 Detail"), "wide windows show detail and terminal side by side")
        try run.quit()
    }

    @Test func quitAndSignalsRestoreTheTerminal() throws {
        let run = try TUIUnderTmux()
        defer { run.finish() }
        try run.launch()
        try run.waitFor("no tasks yet")
        try run.quit()
        let screen = try run.waitFor("STTY:")
        #expect(screen.contains("icanon") && !screen.contains("-icanon"), "cooked mode is back")
        #expect(screen.contains(" echo") && !screen.contains("-echo "))

        let again = try TUIUnderTmux()
        defer { again.finish() }
        try again.launch()
        try again.waitFor("no tasks yet")
        let pid = try again.tuiPID()
        kill(pid, SIGTERM)
        let after = try again.waitFor("STTY:")
        #expect(after.contains("EXIT="))
        #expect(after.contains("icanon") && !after.contains("-icanon"))
    }
}

/// One private tmux server running `rclaude tui` in a temporary rclaude home.
final class TUIUnderTmux: @unchecked Sendable {
    let harness: RClaudeHarness
    var environment: [String: String]
    let socket = "rclaude-tui-\(UUID().uuidString.prefix(8).lowercased())"

    /// Whether tmux exists and the built rclaude has the `tui` command.
    static let isAvailable: Bool = {
        guard
            let tmux = try? CommandRunner.run(
                "/usr/bin/env", ["tmux", "-V"], environment: ProcessInfo.processInfo.environment, timeout: 10),
            tmux.status == 0
        else { return false }
        guard FileManager.default.isExecutableFile(atPath: Fixtures.rclaudeExecutable),
            let help = try? CommandRunner.run(
                Fixtures.rclaudeExecutable, ["tui", "--help"], environment: ProcessInfo.processInfo.environment,
                timeout: 20)
        else { return false }
        return help.status == 0
    }()

    init() throws {
        harness = try RClaudeHarness()
        environment = harness.environment
        environment.removeValue(forKey: "NO_COLOR")
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
    }

    /// Runs `rclaude run …` and returns the task id it printed (for --detach) or "".
    @discardableResult
    func startTask(_ arguments: [String]) throws -> String {
        var env = environment
        env["NO_COLOR"] = "1"
        let result = try CommandRunner.run(
            Fixtures.rclaudeExecutable, ["run"] + arguments, environment: env, timeout: 60)
        try #require(result.status == 0 || !arguments.contains("--detach"), "run failed: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts the TUI in a new tmux session; `tmuxConfig` lines go into the server's config file
    /// (read before the TUI starts).
    func launch(arguments: [String] = [], tmuxConfig: [String] = []) throws {
        let args = arguments.map { "'\($0)'" }.joined(separator: " ")
        let command =
            "\(Fixtures.rclaudeExecutable) tui \(args); echo EXIT=$?; echo STTY: $(stty -a | tr '\\n' ' '); sleep 120"
        var config = "/dev/null"
        if !tmuxConfig.isEmpty {
            config = harness.root.appending("tmux.conf")
            FileManager.default.createFile(atPath: config, contents: Data((tmuxConfig.joined(separator: "\n") + "\n").utf8))
        }
        let result = try tmux(["-f", config, "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command])
        try #require(result.status == 0, "tmux: \(result.stderr)")
    }

    func send(_ keys: [String]) throws { _ = try tmux(["send-keys", "-t", "t"] + keys) }
    func type(_ text: String) throws { _ = try tmux(["send-keys", "-t", "t", "-l", text]) }
    func resize(cols: Int, rows: Int) throws {
        _ = try tmux(["resize-window", "-t", "t", "-x", String(cols), "-y", String(rows)])
    }

    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-t", "t", "-p"] + (escapes ? ["-e"] : [])).stdout
    }

    /// Waits until the screen satisfies `condition`.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(screen)")
        throw CancellationError()
    }

    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for '\(text)'; the screen was:\n\(screen)")
        throw CancellationError()
    }

    /// Presses q and waits for the shell to report the exit status.
    func quit() throws {
        try send(["q"])
        let screen = try waitFor("EXIT=")
        #expect(screen.contains("EXIT=0"))
    }

    /// The pid of the `rclaude tui` process in the pane.
    func tuiPID() throws -> Int32 {
        let shell = try tmux(["list-panes", "-t", "t", "-F", "#{pane_pid}"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let children = try CommandRunner.run(
            "/usr/bin/env", ["pgrep", "-P", shell], environment: environment, timeout: 10
        ).stdout
        return Int32(children.split(separator: "\n").first.map(String.init) ?? "") ?? -1
    }

    /// Stops the pane's programs and this test's tmux server, and removes the rclaude home.
    func finish() {
        let panes = (try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"]).stdout) ?? ""
        for pid in panes.split(separator: "\n").compactMap({ Int32($0) }) {
            let children =
                (try? CommandRunner.run(
                    "/usr/bin/env", ["pgrep", "-P", String(pid)], environment: environment, timeout: 10
                ).stdout) ?? ""
            for child in children.split(separator: "\n").compactMap({ Int32($0) }) { kill(child, SIGHUP) }
            kill(pid, SIGHUP)
        }
        // kill-session, not kill-server: a server started from a test thread inherits a blocked SIGTERM.
        _ = try? tmux(["kill-session", "-t", "t"])
        // The server leaves its socket file behind when the last session goes.
        let directory = environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(socket)")
        harness.remove()
    }

    /// Runs tmux with posix_spawn and waitpid, its output in files, and a clean signal mask.
    ///
    /// Foundation's `Process` misses the exit of a tmux client whose server daemonizes (the client stays a
    /// zombie and `waitUntilExit` never returns), and a server started from a test thread would inherit
    /// that thread's blocked signals.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = harness.root.appending("tmux-\(UUID().uuidString.prefix(8)).out")
        let err = out + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let argv = ["tmux", "-L", socket] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = envp.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, cArgs, cEnv)
        guard spawned == 0 else { throw CocoaError(.fileNoSuchFile) }
        var status: Int32 = 0
        var exitStatus: Int32 = 0
        while true {
            let r = waitpid(pid, &status, 0)
            if r == pid {
                exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                break
            }
            if r == -1 && errno == EINTR { continue }
            break
        }
        let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        return (exitStatus, stdout, stderr)
    }
}
