import Foundation
import RClaudeCore
import RClaudeRemote
import RClaudeStore
import RClaudeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `rclaude serve` binary on 127.0.0.1, reached by the real client (the `rclaude`
/// CLI and the remote provider's library).
@Suite(.serialized) struct LiveServeTests {
    /// A client home (harness) and a server data directory, side by side.
    struct Pair {
        let client: RClaudeHarness
        let serverData: String
        let tokenFile: String
        var serverEnvironment: [String: String]

        init(serverEnvironment extra: [String: String] = [:]) throws {
            client = try RClaudeHarness()
            serverData = client.root.appending("server-data")
            tokenFile = client.root.appending("secrets/serve-token")
            var env = client.environment
            env["HOME"] = client.root.appending("server-home")
            try FileManager.default.createDirectory(atPath: env["HOME"] ?? "", withIntermediateDirectories: true)
            for (k, v) in extra { env[k] = v }
            serverEnvironment = env
        }

        func serve(listen: String = "127.0.0.1:0", extra: [String] = []) async throws -> ServeProcess {
            try await ServeProcess(
                environment: serverEnvironment, dataDirectory: serverData, tokenFile: tokenFile, listen: listen, extraArguments: extra)
        }

        func endpoint(_ server: ServeProcess, caFile: String? = nil) throws -> RemoteEndpoint {
            try RemoteEndpoint(name: "srv", url: server.url, tokenFile: tokenFile, caFile: caFile)
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256Digest.hex(bytes)
        return digest
    }

    @Test func firstStartMakesAPrivateTokenShownOnceAndAReadableTokenFileIsRefused() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let first = try await pair.serve()
        #expect(first.output.contains("new token"))
        #expect(first.output.contains(first.token))
        #expect(first.token.count == 64)
        var info = stat()
        #expect(stat(pair.tokenFile, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let exit = await first.stop()
        #expect(exit.code == 0, "graceful stop: \(first.output)")

        let second = try await pair.serve()
        #expect(!second.output.contains(first.token), "the token is printed only when it is made")
        await second.stop()

        chmod(pair.tokenFile, 0o644)
        await #expect(throws: ServeProcess.StartError.self) { _ = try await pair.serve() }
        let refused = try await pair.client.runDetached(
            ["serve", "--listen", "127.0.0.1:0", "--data", pair.serverData, "--token-file", pair.tokenFile], timeout: 30)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("chmod 600"), "stderr: \(refused.stderr)")
    }

    @Test func credentialsReachTheRemoteAgentAndNoFileAnywhere() async throws {
        let secret = "sk-ant-test-" + UUID().uuidString
        var pair = try Pair()
        defer { pair.client.remove() }
        pair.serverEnvironment.removeValue(forKey: "ANTHROPIC_API_KEY")
        let server = try await pair.serve()
        defer { Task { await server.stop() } }
        #expect(try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile]).status == 0)
        let probe = "printf '%s' \"$ANTHROPIC_API_KEY\" | sha256sum | cut -c1-64"
        let run = try await pair.client.runDetached(
            ["run", "--provider", "remote:srv", "--agent", "shell", probe], extraEnvironment: ["ANTHROPIC_API_KEY": secret])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains(Self.sha256(Array(secret.utf8))), "the remote agent saw the forwarded key")
        let show = try await pair.client.runDetached(["show", "--json", try #require(RClaudeHarness.jsonLines(try await pair.client.runDetached(["ls", "--json"]).stdout).first?["id"] as? String)])
        #expect(show.stdout.contains("ANTHROPIC_API_KEY"), "the record names the variable")
        #expect(!show.stdout.contains(secret))
        // Neither the client's home nor the server's data directory holds the key anywhere.
        let grep = try CommandRunner.run("/usr/bin/grep", ["-rl", "--", secret, pair.client.root.path], environment: [:], timeout: 30)
        #expect(grep.stdout.isEmpty, "files holding the key: \(grep.stdout)")
        #expect(grep.status == 1, "grep found nothing (status 1), not an error")
    }

    @Test func aRepositoryTravelsToTheHostAndTheAgentsBranchComesBack() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let server = try await pair.serve()
        defer { Task { await server.stop() } }
        #expect(try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile]).status == 0)
        let repo = try ScratchRepository(at: pair.client.root.appending("repo"))
        let base = repo.head
        try "junk\n".write(toFile: repo.path + "/untracked.tmp", atomically: true, encoding: .utf8)

        let agent = "test ! -e untracked.tmp && echo clean; echo more >> README.md; git commit -qam 'Agent commit'; echo new > new.txt"
        let run = try await pair.client.runDetached(["run", "--provider", "remote:srv", "--agent", "shell", "--repo", repo.path, agent])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("clean"), "untracked files do not travel")
        #expect(run.stderr.contains("sending \(repo.path) at \(base.prefix(7))"), "\(run.stderr)")
        let task = try #require(RClaudeHarness.jsonLines(try await pair.client.runDetached(["ls", "--json", "--all"]).stdout).first)
        let id = try #require(task["id"] as? String)
        #expect(task["baseCommit"] as? String == base)

        let diff = try await pair.client.runDetached(["diff", id])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+more") && diff.stdout.contains("+new"))
        let pull = try await pair.client.runDetached(["pull", id, "--into", repo.path])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("pulled 2 commits into branch rclaude/\(id)"), "\(pull.stdout)")
        #expect(try repo.git("diff", base, "rclaude/\(id)") == diff.stdout)
        #expect(repo.head == base)

        // A bundle cut off in transit is refused with a clear error, and leaves nothing behind.
        let api = try RemoteAPIClient(endpoint: try pair.endpoint(server))
        let bundlePath = pair.client.root.appending("whole.bundle")
        try repo.git("bundle", "create", bundlePath, "main")
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: bundlePath)))
        await #expect(throws: CoreError.self) { _ = try await api.uploadRepository(Array(whole.prefix(whole.count / 2))) }
        do {
            _ = try await api.uploadRepository(Array(whole.prefix(whole.count / 2)))
        } catch let error as CoreError {
            #expect(error.message.contains("incomplete"), "\(error.message)")
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: pair.serverData + "/data/repositories").filter { !$0.hasPrefix(".") }
        #expect(kept.count == 1, "only the good upload is kept: \(kept)")
        let uploaded = try await api.uploadRepository(whole)
        #expect(uploaded.bytes == whole.count)
        #expect(uploaded.heads == ["refs/heads/main"])
        await #expect(throws: CoreError.self) {
            _ = try await api.create(CreateTaskRequest(prompt: "x", agent: "shell", repository: "000000000000"))
        }
    }

    @Test func remoteProviderRunsListsShowsAndRemovesTasks() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let server = try await pair.serve()
        defer { Task { await server.stop() } }

        let badAdd = try await pair.client.runDetached(["remote", "add", "srv", "ftp://x", "--token-file", pair.tokenFile])
        #expect(badAdd.status != 0)
        #expect(badAdd.stderr.contains("http://HOST:PORT"))

        let add = try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile])
        #expect(add.status == 0, "stderr: \(add.stderr)")
        let list = try await pair.client.runDetached(["remote", "ls"])
        #expect(list.stdout.contains("srv\t\(server.url)\tconnected"))

        let run = try await pair.client.runDetached(["run", "--provider", "remote:srv", "--agent", "shell", "echo hello from afar; echo second"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("hello from afar"))
        #expect(run.stdout.contains("second"))

        let tasks = RClaudeHarness.jsonLines(try await pair.client.runDetached(["ls", "--json", "--all"]).stdout)
        let task = try #require(tasks.first)
        #expect(task["provider"] as? String == "remote:srv")
        #expect(task["status"] as? String == "succeeded")
        let id = try #require(task["id"] as? String)

        let show = try await pair.client.runDetached(["show", String(id.prefix(6))])
        #expect(show.stdout.contains("remote:srv"))
        let logs = try await pair.client.runDetached(["logs", "--raw", id])
        #expect(logs.stdout == "hello from afar\nsecond\n")

        let failing = try await pair.client.runDetached(["run", "--provider", "remote:srv", "--agent", "shell", "exit 7"])
        #expect(failing.status == 1)

        let rm = try await pair.client.runDetached(["rm", id])
        #expect(rm.status == 0, "stderr: \(rm.stderr)")
        let after = RClaudeHarness.jsonLines(try await pair.client.runDetached(["ls", "--json", "--all"]).stdout)
        #expect(!after.contains { $0["id"] as? String == id })

        let unknown = try await pair.client.runDetached(["run", "--provider", "remote:nope", "--agent", "shell", "true"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nope"))
    }

    @Test func outputSurvivesAGracefulRestartAndAKilledServerByteForByte() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        var server = try await pair.serve()
        let listen = "127.0.0.1:\(server.port)"
        let api = try RemoteAPIClient(endpoint: try pair.endpoint(server))
        // About 2.7 MB over ~3 s, so the stream is cut twice in the middle.
        let record = try await api.create(
            CreateTaskRequest(
                prompt: "for i in $(seq 1 30); do head -c 66000 /dev/urandom | od -An -tx1 | head -c 90000; sleep 0.1; done",
                agent: "shell"))
        let streams = RemoteStreamClient(api: api, policy: ReconnectPolicy(initial: .milliseconds(50), maximum: .milliseconds(400)))
        let collector = Task {
            var bytes: [UInt8] = []
            var offsets: [OutputOffset] = []
            for await chunk in streams.output(record.id, from: 0) {
                offsets.append(chunk.offset)
                #expect(chunk.offset == OutputOffset(bytes.count), "chunks arrive in order without gaps or repeats")
                bytes += chunk.bytes
            }
            return bytes
        }
        try await Task.sleep(for: .milliseconds(700))
        await server.stop(signal: SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        server = try await pair.serve(listen: listen)
        try await Task.sleep(for: .milliseconds(700))
        await server.stop(signal: SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        server = try await pair.serve(listen: listen)
        let received = await collector.value
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": pair.serverData])
        let stored = try PosixFile.read(paths.outputFile(record.id.rawValue))
        #expect(stored.count > 2_000_000)
        #expect(received.count == stored.count)
        #expect(Self.sha256(received) == Self.sha256(stored))
        let final = try await api.task(record.id)
        #expect(final.status == .succeeded, "the task kept running while its server was down")
        await server.stop()
    }

    @Test func twoHundredClientsOnFiftySessionsLoseNoByte() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let server = try await pair.serve()
        defer { Task { await server.stop() } }
        let api = try RemoteAPIClient(endpoint: try pair.endpoint(server))
        var ids: [TaskID] = []
        for session in 0..<50 {
            let record = try await api.create(CreateTaskRequest(prompt: "seq \(session) 3 60000", agent: "shell"))
            ids.append(record.id)
        }
        let streams = RemoteStreamClient(api: api)
        let results = await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for client in 0..<200 {
                let id = ids[client % 50]
                group.addTask {
                    var bytes: [UInt8] = []
                    for await chunk in streams.output(id, from: 0) { bytes += chunk.bytes }
                    return (client, bytes)
                }
            }
            var results: [(Int, [UInt8])] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 200)
        for (client, bytes) in results {
            let session = client % 50
            let expected = stride(from: session, through: 60000, by: 3).map { "\($0)\n" }.joined()
            #expect(bytes == Array(expected.utf8), "client \(client) on session \(session): \(bytes.count) bytes")
        }
    }

    @Test func tlsWithAMatchingKeyServesHTTPSAndAMismatchedKeyIsRefused() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let dir = pair.client.root
        for name in ["a", "b"] {
            let made = try CommandRunner.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.appending("\(name).key"), "-out",
                    dir.appending("\(name).pem"), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                ], environment: ProcessInfo.processInfo.environment, stdin: nil, timeout: 60)
            #expect(made.status == 0, "openssl: \(made.stderr)")
        }
        let mismatch = try await pair.client.runDetached(
            [
                "serve", "--listen", "127.0.0.1:0", "--data", pair.serverData, "--token-file", pair.tokenFile, "--tls-cert",
                dir.appending("a.pem"), "--tls-key", dir.appending("b.key"),
            ], timeout: 30)
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("does not match"), "stderr: \(mismatch.stderr)")

        let server = try await pair.serve(extra: ["--tls-cert", dir.appending("a.pem"), "--tls-key", dir.appending("a.key")])
        defer { Task { await server.stop() } }
        #expect(server.url.hasPrefix("https://"))
        let untrusted = try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile])
        #expect(untrusted.status != 0)
        #expect(untrusted.stderr.contains("--ca-file"), "stderr: \(untrusted.stderr)")
        let add = try await pair.client.runDetached(
            ["remote", "add", "srv", server.url, "--token-file", pair.tokenFile, "--ca-file", dir.appending("a.pem")])
        #expect(add.status == 0, "stderr: \(add.stderr)")
        let run = try await pair.client.runDetached(["run", "--provider", "remote:srv", "--agent", "shell", "echo over tls"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("over tls"))
    }

    @Test func aRealClaudeCodeTaskRunsThroughTheRemoteProvider() async throws {
        let claude = try ClaudeBinary.path()
        let apiDirectory = try TemporaryDirectory(prefix: "rclaude-api")
        defer { apiDirectory.remove() }
        let api = try ScriptedAPIServer(scenario: "write_bash_edit.json", logPath: apiDirectory.appending("requests.jsonl"))
        defer { api.stop() }
        var serverEnvironment = api.claudeEnvironment
        serverEnvironment["RCLAUDE_CLAUDE_BIN"] = claude
        let pair = try Pair(serverEnvironment: serverEnvironment)
        defer { pair.client.remove() }
        let server = try await pair.serve()
        defer { Task { await server.stop() } }
        let add = try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile])
        #expect(add.status == 0, "stderr: \(add.stderr)")

        let run = try await pair.client.runDetached(["run", "--provider", "remote:srv", "--json", "create hello.txt, show it, then edit it"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let events = RClaudeHarness.jsonLines(run.stdout)
        #expect(events.first?["type"] as? String == "init")
        #expect(events.last?["type"] as? String == "result")
        let tools = events.filter { $0["type"] as? String == "tool_use" }.compactMap { $0["name"] as? String }
        #expect(tools == ["Write", "Bash", "Edit"])

        let task = try #require(RClaudeHarness.jsonLines(try await pair.client.runDetached(["ls", "--json", "--all"]).stdout).first)
        #expect(task["provider"] as? String == "remote:srv")
        #expect(task["status"] as? String == "succeeded")
        #expect((task["costUSD"] as? Double ?? 0) > 0)
        let id = try #require(TaskID(task["id"] as? String ?? ""))
        let client = try RemoteAPIClient(endpoint: try pair.endpoint(server))
        let file = try await client.readFile(id, path: "hello.txt")
        #expect(String(decoding: file, as: UTF8.self) == "hello edited world\n", "the agent's edit is in the remote workspace")
        let log = try await pair.client.runDetached(["logs", id.rawValue])
        #expect(log.stdout.contains("Write"))
    }

    @Test func aRemoteTerminalTypesResizesAndSurvivesAServerRestart() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        var server = try await pair.serve()
        let listen = "127.0.0.1:\(server.port)"
        let add = try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile])
        #expect(add.status == 0, "stderr: \(add.stderr)")
        var env = pair.client.environment
        env["LANG"] = "C.UTF-8"
        env["TERM"] = "xterm-256color"
        let program = "while read line; do [ \"$line\" = size ] && stty size; echo got:$line; done"
        let tmux = try TmuxSession(
            command: "\(Fixtures.rclaudeExecutable) run --provider remote:srv --agent shell --interactive '\(program)'; echo RUN-EXITED-$?; sleep 30",
            cols: 100, rows: 30, environment: env)
        defer { tmux.kill() }
        try tmux.waitFor("press Ctrl-\\ to detach")
        try tmux.send(["hello"], literal: true)
        try tmux.send(["Enter"])
        try tmux.waitFor("got:hello")
        try tmux.send(["size"], literal: true)
        try tmux.send(["Enter"])
        try tmux.waitFor("30 100")

        await server.stop(signal: SIGKILL)
        try tmux.send(["typed-while-away"], literal: true)
        try tmux.send(["Enter"])
        server = try await pair.serve(listen: listen)
        try tmux.waitFor("got:typed-while-away", timeout: 20)
        try tmux.resize(cols: 90, rows: 25)
        try await Task.sleep(for: .milliseconds(300))
        try tmux.send(["size"], literal: true)
        try tmux.send(["Enter"])
        try tmux.waitFor("25 90")
        try tmux.send(["C-d"])
        let screen = try tmux.waitFor("RUN-EXITED-0")
        #expect(screen.components(separatedBy: "got:hello").count == 2, "output after the reconnect is not repeated")
        await server.stop()
    }

    @Test func doctorChecksAgentsAndRemotesAndSaysHowToFixThem() async throws {
        let pair = try Pair()
        defer { pair.client.remove() }
        let server = try await pair.serve()
        let add = try await pair.client.runDetached(["remote", "add", "srv", server.url, "--token-file", pair.tokenFile])
        #expect(add.status == 0, "stderr: \(add.stderr)")
        let healthy = try await pair.client.runDetached(["doctor", "--json"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        let checks = RClaudeHarness.jsonLines(healthy.stdout)
        #expect(checks.contains { $0["area"] as? String == "cache" && $0["outcome"] as? String == "ok" })
        #expect(checks.contains { $0["name"] as? String == "claude" && $0["outcome"] as? String == "ok" })
        #expect(checks.contains { $0["area"] as? String == "remote:srv" && $0["name"] as? String == "token accepted" && $0["outcome"] as? String == "ok" })
        #expect(healthy.status == 0, "stdout: \(healthy.stdout)")

        await server.stop()
        let down = try await pair.client.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        #expect(down.status == 1)
        #expect(down.stdout.contains("FAIL  remote:srv"))
        #expect(down.stdout.contains("fix: start 'rclaude serve'"))
    }
}
