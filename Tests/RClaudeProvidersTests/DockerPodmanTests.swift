import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The docker provider against Podman's Docker-compatible API, for real: containers, the
/// archive API and exec over the hijacked connection (multiplexed and TTY).
@Suite(.serialized, .podmanService, .enabled(PodmanService.unavailableReason) { await PodmanService.socket() != nil })
struct DockerPodmanTests {
    let provider: DockerProvider
    let socket: String

    init() async throws {
        socket = try #require(await PodmanService.socket())
        provider = DockerProvider(
            client: .live(endpoint: .unix(path: socket)), options: DockerProviderOptions(image: PodmanService.image, stopTimeout: 2))
    }

    @Test func theCLIRunsATaskInAContainerAndRemovesItWithTheTask() async throws {
        let h = try RClaudeHarness(environment: [
            "DOCKER_HOST": "unix://" + socket, "RCLAUDE_DOCKER_IMAGE": PodmanService.image,
        ])
        defer { h.remove() }
        let run = try await h.runDetached(["run", "--provider", "docker", "--agent", "shell", "echo from-$((6*7)); pwd; ls /proc/1/cmdline >/dev/null && echo in-container"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("from-42"))
        #expect(run.stdout.contains("/workspace"))
        let task = try #require(RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout).first)
        #expect(task["provider"] as? String == "docker")
        #expect(task["status"] as? String == "succeeded")
        let id = try #require(TaskID(task["id"] as? String ?? ""))
        #expect((task["workspacePath"] as? String)?.hasSuffix(":/workspace") == true)
        let container = provider.containerName(for: id)
        #expect((try await provider.client.inspectContainer(container)) != nil)

        let doctor = try await h.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        #expect(doctor.stdout.contains("ok    docker       daemon"), "doctor: \(doctor.stdout)")
        #expect(doctor.stdout.contains("ok    docker       image"))
        let noImage = try await h.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo", "RCLAUDE_DOCKER_IMAGE": "localhost/none:1"])
        #expect(noImage.status == 1)
        #expect(noImage.stdout.contains("fix: build it (docs/sandbox.Dockerfile)"))

        let failing = try await h.runDetached(["run", "--provider", "docker", "--agent", "shell", "exit 9"])
        #expect(failing.status == 1)

        let rm = try await h.runDetached(["rm", id.rawValue])
        #expect(rm.status == 0, "stderr: \(rm.stderr)")
        #expect((try await provider.client.inspectContainer(container)) == nil, "the container went with the task")
        for other in RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout) {
            _ = try await h.runDetached(["rm", other["id"] as? String ?? ""])
        }
    }

    @Test func aRepositoryGoesInAsACleanCloneAndItsChangesComeBackWithoutGitInTheImage() async throws {
        let secret = "sk-ant-test-" + UUID().uuidString
        let h = try RClaudeHarness(environment: [
            "DOCKER_HOST": "unix://" + socket, "RCLAUDE_DOCKER_IMAGE": PodmanService.image, "ANTHROPIC_API_KEY": secret,
        ])
        defer { h.remove() }
        let repo = try ScratchRepository(at: h.root.appending("repo"))
        let base = repo.head
        try "junk\n".write(toFile: repo.path + "/junk.tmp", atomically: true, encoding: .utf8)
        let script = "test -d .git && echo has-git; test -e junk.tmp || echo no-junk; echo key-${#ANTHROPIC_API_KEY}; echo more >> README.md; echo new > new.txt"
        let run = try await h.runDetached(["run", "--provider", "docker", "--agent", "shell", "--repo", repo.path, script])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("has-git") && run.stdout.contains("no-junk"), "\(run.stdout)")
        #expect(run.stdout.contains("key-\(secret.count)"), "the credential reached the container's command")
        let task = try #require(RClaudeHarness.jsonLines(try await h.runDetached(["ls", "--json", "--all"]).stdout).first)
        let id = try #require(task["id"] as? String)
        #expect(task["baseCommit"] as? String == base)

        let diff = try await h.runDetached(["diff", id])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+more") && diff.stdout.contains("+new"))
        let pull = try await h.runDetached(["pull", id])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("pulled 1 commit into branch rclaude/\(id)"), "\(pull.stdout)")
        #expect(try repo.git("diff", base, "rclaude/\(id)") == diff.stdout)
        #expect(repo.head == base)

        let inspect = try await provider.client.inspectContainer(provider.containerName(for: try #require(TaskID(id))))
        #expect(inspect != nil)
        // The TUI's file browser reads the container's workspace through the archive API.
        let browser = try await WorkspaceSnapshot.docker(
            try DockerSandbox(reference: try #require(task["workspacePath"] as? String)), client: provider.client, environment: [:])
        #expect(try await browser.list("").map(\.path).contains("new.txt"))
        #expect(String(decoding: try await browser.read("new.txt", limit: 100), as: UTF8.self) == "new\n")
        #expect(Set(try await browser.changes().map(\.path)) == ["README.md", "new.txt"])
        #expect(try await browser.diff("README.md").contains("+more"))
        let grep = try CommandRunner.run("/usr/bin/env", ["grep", "-rl", "--", secret, h.root.path], environment: [:], timeout: 30)
        #expect(grep.stdout.isEmpty, "no file rclaude wrote holds the key: \(grep.stdout)")
        _ = try await h.runDetached(["rm", id])
    }

    @Test func aContainerThatDiesFailsItsTaskWithTheReason() async throws {
        let h = try RClaudeHarness(environment: ["DOCKER_HOST": "unix://" + socket, "RCLAUDE_DOCKER_IMAGE": PodmanService.image])
        defer { h.remove() }
        try FileManager.default.createDirectory(atPath: h.home, withIntermediateDirectories: true)
        try #"{"providers": {"docker": {"healthIntervalSeconds": 1}}}"#.write(
            toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
        let start = try await h.runDetached(["run", "--provider", "docker", "--agent", "shell", "--detach", "echo started; sleep 60"])
        #expect(start.status == 0, "stderr: \(start.stderr)")
        let id = try #require(TaskID(start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let container = provider.containerName(for: id)
        var status = ""
        for _ in 0..<300 where status != "running" {
            try await Task.sleep(for: .milliseconds(100))
            status = RClaudeHarness.jsonLines(try await h.runDetached(["show", "--json", id.rawValue]).stdout).first?["status"] as? String ?? ""
        }
        #expect(status == "running")
        try await provider.client.stopContainer(container, timeout: 0)
        var task: [String: Any] = [:]
        for _ in 0..<300 {
            task = RClaudeHarness.jsonLines(try await h.runDetached(["show", "--json", id.rawValue]).stdout).first ?? [:]
            if task["status"] as? String == "failed" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(task["status"] as? String == "failed")
        #expect((task["reason"] as? String)?.contains("the sandbox died: its container \(container) stopped") == true, "\(task)")
        _ = try await h.runDetached(["rm", id.rawValue])
    }

    /// A task record with a fresh id, its workspace copied from `directory` when given.
    func record(directory: String? = nil) -> TaskRecord {
        TaskRecord(
            id: TaskID.random(),
            spec: TaskSpec(prompt: "p", agent: .shell, provider: "docker", workspace: directory.map { .directory(path: $0) } ?? .managed),
            createdAt: Date())
    }

    /// Runs `body` with the task's sandbox, removing the container afterwards whatever happens.
    func withSandbox(
        _ record: TaskRecord, _ body: (DockerSandbox) async throws -> Void
    ) async throws {
        let sandbox = try await provider.prepareSandbox(for: record)
        do {
            try await body(sandbox)
        } catch {
            try? await provider.removeSandbox(for: record.id)
            throw error
        }
        try await provider.removeSandbox(for: record.id)
        #expect(try await provider.client.inspectContainer(sandbox.container) == nil)
    }

    func shell(_ script: String, input: [UInt8]? = nil) -> AgentCommand {
        AgentCommand(executable: "sh", arguments: ["-c", script], standardInput: input)
    }

    @Test func daemonAnswers() async throws {
        try await provider.client.ping()
        let version = try await provider.client.version()
        #expect(version.apiVersion == "1.41")
        #expect(try await provider.client.imageExists(PodmanService.image))
    }

    @Test func headlessCommandHasSeparateStreamsAndItsExitCode() async throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-docker-ws")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.appending("sub"), withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: dir.appending("a.txt")))
        try Data("world\n".utf8).write(to: URL(fileURLWithPath: dir.appending("sub/b.txt")))
        let task = record(directory: dir.path)
        try await withSandbox(task) { sandbox in
            let state = try #require(try await provider.client.inspectContainer(sandbox.container))
            #expect(state.running)
            let process = try await provider.launch(
                shell("cat a.txt; echo to-stderr >&2; cat sub/b.txt; pwd; echo \"$GREETING\"; exit 3")
                    .with(environment: ["GREETING": "hi there"]),
                in: sandbox.preparedWorkspace, terminal: nil)
            let output = OutputCollector(process)
            let exit = await process.wait()
            await output.finish()
            #expect(output.stdout == "hello\nworld\n/workspace\nhi there\n")
            #expect(output.stderr == "to-stderr\n")
            #expect(exit == ProcessExit(code: 3, signaled: false))
            #expect(process.processGroup == nil)
        }
    }

    @Test func networkIsNoneAndLimitsAreSet() async throws {
        try await withSandbox(record()) { sandbox in
            let result = try await provider.client.execute(
                ["/bin/sh", "-c", "ls /sys/class/net; ulimit -n; ulimit -u"], in: sandbox.container)
            #expect(result.exitCode == 0)
            #expect(result.stdoutText.split(separator: "\n") == ["lo", "4096", "4096"])
        }
    }

    @Test func stdinIsWrittenThenClosed() async throws {
        try await withSandbox(record()) { sandbox in
            let payload = Array(repeating: Array("0123456789abcdef".utf8), count: 20_000).flatMap { $0 }
            let process = try await provider.start(shell("wc -c; echo done", input: payload), in: sandbox, terminal: nil)
            let output = OutputCollector(process)
            #expect(await process.wait() == ProcessExit(code: 0, signaled: false))
            await output.finish()
            #expect(output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == ["320000", "done"])

            // A conversation: stdin stays open until closed.
            var command = shell("while read line; do echo \"got:$line\"; done; echo eof")
            command.conversationInput = Array("first\n".utf8)
            let chat = try await provider.start(command, in: sandbox, terminal: nil)
            let chatOutput = OutputCollector(chat)
            #expect(await chatOutput.waitFor("got:first\n"))
            chat.write(Array("second\n".utf8))
            #expect(await chatOutput.waitFor("got:second\n"))
            chat.closeInput()
            #expect(await chat.wait() == ProcessExit(code: 0, signaled: false))
            await chatOutput.finish()
            #expect(chatOutput.stdout == "got:first\ngot:second\neof\n")
        }
    }

    @Test func ttyExecFollowsResize() async throws {
        try await withSandbox(record()) { sandbox in
            let process = try await provider.start(
                AgentCommand(executable: "sh", arguments: []), in: sandbox, terminal: TerminalSize(rows: 24, cols: 80))
            let output = OutputCollector(process)
            process.write(Array("stty size; echo \"term=$TERM\"; printf '\\033[31mred\\033[0m\\n'\n".utf8))
            #expect(await output.waitFor("24 80"))
            #expect(await output.waitFor("term=xterm-256color"))
            #expect(await output.waitFor("\u{1b}[31mred\u{1b}[0m"))
            process.resize(TerminalSize(rows: 40, cols: 120))
            try await Task.sleep(for: .milliseconds(300))
            process.write(Array("stty size; exit 7\n".utf8))
            #expect(await output.waitFor("40 120"))
            #expect(await process.wait() == ProcessExit(code: 7, signaled: false))
            await output.finish()
            // TTY output is raw: the terminal echoes what was typed and ends lines with CRLF.
            #expect(output.stdout.contains("stty size; exit 7\r\n"))
            #expect(output.stdout.contains("40 120\r\n"))
            #expect(output.stderr.isEmpty)
        }
    }

    @Test func filesComeBackOutThroughTheArchiveAPI() async throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-docker-ws")
        defer { dir.remove() }
        try Data("original\n".utf8).write(to: URL(fileURLWithPath: dir.appending("kept.txt")))
        try await withSandbox(record(directory: dir.path)) { sandbox in
            let process = try await provider.start(
                shell("echo made > new.txt && mkdir -p d && printf x > d/y && chmod 700 d/y && ln -s new.txt link"), in: sandbox,
                terminal: nil)
            #expect(await process.wait().code == 0)
            try await provider.writeFiles([TarEntry(path: "notes/from-host.md", kind: .file(Array("# hi\n".utf8)))], in: sandbox)

            let out = dir.appending("export")
            try await provider.exportWorkspace(of: sandbox, to: out)
            #expect(FileManager.default.contents(atPath: out + "/kept.txt") == Data("original\n".utf8))
            #expect(FileManager.default.contents(atPath: out + "/new.txt") == Data("made\n".utf8))
            #expect(FileManager.default.contents(atPath: out + "/d/y") == Data("x".utf8))
            #expect(FileManager.default.contents(atPath: out + "/notes/from-host.md") == Data("# hi\n".utf8))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/link") == "new.txt")
            var info = stat()
            #expect(stat(out + "/d/y", &info) == 0 && info.st_mode & 0o777 == 0o700)

            let single = try await provider.files(at: "/workspace/new.txt", in: sandbox)
            #expect(single == [TarEntry(path: "new.txt", kind: .file(Array("made\n".utf8)), mode: 0o644, modificationTime: single.first?.modificationTime ?? 0)])
            let missing = await #expect(throws: CoreError.self) { try await provider.files(at: "/workspace/none", in: sandbox) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test func signalEndsTheCommandAndItsChildren() async throws {
        try await withSandbox(record()) { sandbox in
            let process = try await provider.start(
                shell("sleep 300 & echo started; wait"), in: sandbox, terminal: nil)
            let output = OutputCollector(process)
            #expect(await output.waitFor("started"))
            let began = ContinuousClock.now
            process.signal(SIGTERM)
            let exit = await process.wait()
            #expect(ContinuousClock.now - began < .seconds(10))
            #expect(exit == ProcessExit(code: 128 + SIGTERM, signaled: true))
            // The background sleep went too.
            // Only the container's placeholder sleep remains once the killed one is reaped.
            var sleeps = ""
            for _ in 0..<50 {
                let ps = try await provider.client.execute(
                    ["/bin/sh", "-c", "ps -o stat,comm | grep -v '^Z' | grep -c ' sleep$' || true"], in: sandbox.container)
                sleeps = ps.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                if sleeps == "1" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sleeps == "1")
        }
    }

    @Test func containerIsReusedAcrossTurns() async throws {
        let task = record()
        try await withSandbox(task) { sandbox in
            #expect(try await provider.client.execute(["/bin/sh", "-c", "echo 1 > /workspace/turn"], in: sandbox.container).exitCode == 0)
            try await provider.stopSandbox(for: task.id)
            #expect(try await provider.client.inspectContainer(sandbox.container)?.running == false)
            let again = try await provider.prepareSandbox(for: task)
            #expect(again == sandbox)
            let result = try await provider.client.execute(["cat", "/workspace/turn"], in: sandbox.container)
            #expect(result.stdoutText == "1\n")
        }
    }

    @Test func missingImageIsAClearError() async throws {
        let missing = DockerProvider(
            client: .live(endpoint: .unix(path: socket)), options: DockerProviderOptions(image: "localhost/rclaude-no-such-image:1"))
        let error = await #expect(throws: CoreError.self) { try await missing.prepareWorkspace(for: record()) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("import or pull localhost/rclaude-no-such-image:1") == true)
        // Creating directly reports the daemon's own words too.
        let create = await #expect(throws: CoreError.self) {
            try await missing.client.createContainer(
                DockerContainerSpec(image: "localhost/rclaude-no-such-image:1", command: ["true"], workingDirectory: "/"), name: nil)
        }
        #expect(create?.message.contains("import or pull") == true)
    }

    @Test func execInAMissingContainerIsAClearError() async throws {
        let error = await #expect(throws: CoreError.self) {
            try await provider.launch(shell("true"), in: PreparedWorkspace(path: "rclaude-gone000000:/workspace", branch: nil), terminal: nil)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("rclaude-gone000000") == true)
    }
}

/// Errors when there is no daemon at all (no Podman needed).
@Suite struct DockerUnreachableDaemonTests {
    @Test func missingSocketSaysHowToStartTheService() async throws {
        let provider = try DockerProvider(environment: ["DOCKER_HOST": "unix:///nonexistent/rclaude/podman.sock"])
        let record = TaskRecord(id: TaskID.random(), spec: TaskSpec(prompt: "p", agent: .shell, provider: "docker"), createdAt: Date())
        let error = await #expect(throws: CoreError.self) { try await provider.prepareWorkspace(for: record) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("socket /nonexistent/rclaude/podman.sock does not exist") == true)
        #expect(error?.message.contains("start the Docker/Podman API service") == true)
        #expect(error?.message.contains("DOCKER_HOST=") == true)

        let hijack = #expect(throws: CoreError.self) {
            try DockerExecConnection.start(execID: "e", tty: false, endpoint: .unix(path: "/nonexistent/rclaude/podman.sock"))
        }
        #expect(hijack?.message.contains("does not exist") == true)
    }

    @Test func refusedTCPPortSaysHowToStartTheService() async throws {
        let provider = try DockerProvider(environment: ["DOCKER_HOST": "tcp://127.0.0.1:1"])
        let error = await #expect(throws: CoreError.self) { try await provider.client.ping() }
        #expect(error?.message.contains("cannot reach the Docker Engine API at tcp://127.0.0.1:1") == true)
        let hijack = #expect(throws: CoreError.self) {
            try DockerExecConnection.start(execID: "e", tty: false, endpoint: .tcp(host: "127.0.0.1", port: 1))
        }
        #expect(hijack?.message.contains("Connection refused") == true)
    }

    @Test func badDockerHostIsRejected() {
        #expect(throws: CoreError.self) { try DockerProvider(environment: ["DOCKER_HOST": "ssh://me@host"]) }
    }
}

extension AgentCommand {
    func with(environment: [String: String]) -> AgentCommand {
        var copy = self
        copy.environment = environment
        return copy
    }
}
