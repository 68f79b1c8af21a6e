import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeProviders
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The provider against `fake_e2b.py`: real processes, a real PTY, real files.
@Suite struct E2BProviderTests {
    @Test func headlessCommandKeepsStdoutStderrAndExitCode() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "a headless run") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            #expect(workspace.path.hasPrefix("e2b://i"))
            #expect(workspace.path.hasSuffix("/home/user/workspace"))
            let process = try await provider.startSupervised(
                AgentCommand(executable: "sh", arguments: ["-c", "echo out; echo err >&2; exit 3"]), in: workspace,
                terminal: nil)
            let (stdout, stderr) = await collect(process.output)
            #expect(stdout == "out\n")
            #expect(stderr == "err\n")
            #expect(await process.wait() == ProcessExit(code: 3, signaled: false))
            #expect(process.exitIfDone == ProcessExit(code: 3, signaled: false))
            #expect((process as? E2BProcess)?.terminationReason == nil)
        }
    }

    @Test func stdinIsWrittenAndClosed() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "stdin") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            let once = try await provider.launch(
                AgentCommand(executable: "cat", arguments: [], standardInput: Array("from stdin".utf8)), in: workspace,
                terminal: nil)
            #expect(await collect(once.output).stdout == "from stdin")

            let conversation = try await provider.startSupervised(
                AgentCommand(
                    executable: "cat", arguments: [], environment: ["GREETING": "hi"], mergeStderr: true,
                    conversationInput: Array("first\n".utf8)), in: workspace, terminal: nil)
            conversation.write(Array("second\n".utf8))
            conversation.closeInput()
            conversation.closeInput()
            #expect(await collect(conversation.output).stdout == "first\nsecond\n")
            #expect(await conversation.wait().code == 0)

            let environment = try await provider.launch(
                AgentCommand(
                    executable: "sh", arguments: ["-c", "echo \"$GREETING-${DROPPED:-gone}\"; pwd; echo oops >&2"],
                    environment: ["GREETING": "hi", "DROPPED": "kept"], removedEnvironment: ["DROPPED"],
                    mergeStderr: true),
                in: workspace, terminal: nil)
            let merged = await collect(environment.output)
            #expect(merged.stdout.hasPrefix("hi-gone\n"))
            #expect(merged.stdout.hasSuffix("/workspace\noops\n"))
            #expect(merged.stderr.isEmpty)
        }
    }

    @Test func ptyProcessResizesAndEchoesInput() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "a PTY session") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            let script = "tty; stty size; read first; stty size; read second; echo \"got $second\"; exit 7"
            let process = try await provider.startSupervised(
                AgentCommand(executable: "sh", arguments: ["-c", script]), in: workspace,
                terminal: TerminalSize(rows: 24, cols: 80))
            let watcher = OutputWatcher(process.output)
            try await watcher.waitFor("the tty and its size") { $0.contains("/dev/pts/") && $0.contains("24 80") }
            process.resize(TerminalSize(rows: 33, cols: 101))
            process.write(Array("\r".utf8))
            try await watcher.waitFor("the new size") { $0.contains("33 101") }
            process.write(Array("hello\r".utf8))
            let exit = await process.wait()
            try await watcher.waitFor("the echo") { $0.contains("got hello") }
            #expect(exit == ProcessExit(code: 7, signaled: false))
            // The terminal echoed the typed line before the script printed it.
            #expect(watcher.stdout.components(separatedBy: "hello").count >= 3)
            #expect(watcher.stderr.isEmpty)
        }
    }

    @Test func workspaceDirectoryIsUploadedAndReadBack() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("e2b-upload-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: local) }
        try FileManager.default.createDirectory(atPath: local + "/sub/deeper", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: local + "/empty", withIntermediateDirectories: true)
        try Data("alpha\n".utf8).write(to: URL(fileURLWithPath: local + "/a.txt"))
        try Data("beta\n".utf8).write(to: URL(fileURLWithPath: local + "/sub/deeper/b.txt"))
        try Data("#!/bin/sh\necho ran\n".utf8).write(to: URL(fileURLWithPath: local + "/run.sh"))
        chmod(local + "/run.sh", 0o755)
        try Data((0...255).map { UInt8($0) }).write(to: URL(fileURLWithPath: local + "/binary.bin"))
        try FileManager.default.createSymbolicLink(atPath: local + "/link", withDestinationPath: "a.txt")

        let provider = server.provider()
        try await withDeadline(30, "an upload") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord(workspace: .directory(path: local)))
            let sandbox = try E2BSandboxReference(reference: workspace.path)
            let envd = try await provider.envdClient(for: sandbox.sandboxID)

            let entries = try await envd.listDirectory(sandbox.workspacePath, depth: 3)
            let paths = Set(entries.map { String($0.path.dropFirst(sandbox.workspacePath.count + 1)) })
            #expect(
                paths == ["a.txt", "binary.bin", "empty", "link", "run.sh", "sub", "sub/deeper", "sub/deeper/b.txt"])
            #expect(entries.first { $0.name == "empty" }?.type == .directory)
            #expect(entries.first { $0.name == "link" }?.type == .symlink)
            #expect(entries.first { $0.name == "b.txt" }?.size == 5)

            #expect(try await envd.readFile(sandbox.workspacePath + "/a.txt") == Array("alpha\n".utf8))
            #expect(try await envd.readFile(sandbox.workspacePath + "/sub/deeper/b.txt") == Array("beta\n".utf8))
            #expect(try await envd.readFile(sandbox.workspacePath + "/binary.bin") == (0...255).map { UInt8($0) })
            let script = try await envd.stat(sandbox.workspacePath + "/run.sh")
            #expect(script.type == .file)
            #expect((script.mode ?? 0) & 0o777 == 0o755)

            // Programs see the files in the workspace.
            let run = try await provider.launch(
                AgentCommand(executable: "sh", arguments: ["-c", "./run.sh && cat link sub/deeper/b.txt"]),
                in: workspace, terminal: nil)
            #expect(await collect(run.output).stdout == "ran\nalpha\nbeta\n")

            // Files written through the API come back; missing ones are clear errors.
            try await envd.writeFile(sandbox.workspacePath + "/new/notes.md", contents: Array("# notes\n".utf8))
            #expect(try await envd.readFile("workspace/new/notes.md") == Array("# notes\n".utf8))
            let missing = await #expect(throws: CoreError.self) {
                try await envd.readFile(sandbox.workspacePath + "/nope")
            }
            #expect(missing?.code == .notFound)
            #expect(try await envd.makeDirectory(sandbox.workspacePath + "/sub") == false)
            try await envd.remove(sandbox.workspacePath + "/sub")
            let gone = await #expect(throws: CoreError.self) { try await envd.stat(sandbox.workspacePath + "/sub") }
            #expect(gone?.code == .notFound)
        }
    }

    @Test func sandboxIsReusedByTaskAcrossProviders() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        try await withDeadline(30, "sandbox reuse") {
            var record = makeRecord("abcdef012345")
            let first = try await server.provider().prepareWorkspace(for: record)
            let provider = server.provider()
            #expect(try await provider.prepareWorkspace(for: record) == first)
            record.workspacePath = first.path
            #expect(try await server.provider().prepareWorkspace(for: record) == first)
            #expect(try await server.client().listSandboxes().count == 1)

            // Gone sandboxes are replaced.
            try await provider.removeSandbox(for: record.id)
            #expect(try await provider.sandbox(for: record.id) == nil)
            let second = try await provider.prepareWorkspace(for: record)
            #expect(second != first)
        }
    }

    @Test func killingTheSandboxEndsTheProcessWithAReason() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "a killed sandbox") {
            let record = makeRecord()
            let workspace = try await provider.prepareWorkspace(for: record)
            let process = try await provider.start(
                AgentCommand(executable: "sh", arguments: ["-c", "echo started; sleep 60"]),
                in: try E2BSandboxReference(reference: workspace.path), terminal: nil)
            let watcher = OutputWatcher(process.output)
            try await watcher.waitFor("the start") { $0.contains("started") }
            try await provider.removeSandbox(for: record.id)
            let exit = await process.wait()
            #expect(exit == ProcessExit(code: -1, signaled: false))
            let reason = try #require(process.terminationReason)
            #expect(reason.contains("no longer exists (killed or timed out)"))
            try await watcher.waitFor("the end") { _ in watcher.ended }
            #expect(watcher.stderr.contains("rclaude: E2B sandbox"))
            #expect(try await provider.timeRemaining(for: record.id) == nil)
        }
    }

    @Test func sandboxTimingOutEndsTheProcess() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        // Long enough for a loaded machine to start the process before the sandbox expires.
        let provider = server.provider(timeout: 6)
        try await withDeadline(30, "a sandbox timing out") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            let process = try await provider.launch(
                AgentCommand(executable: "sleep", arguments: ["60"]), in: workspace, terminal: nil)
            let exit = await process.wait()
            #expect(exit.code == -1)
            #expect((process as? E2BProcess)?.terminationReason?.contains("killed or timed out") == true)
        }
    }

    @Test func signalsReachTheProcess() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "signals") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            for (signal, code) in [(SIGTERM, Int32(143)), (SIGKILL, 137), (SIGINT, 130)] {
                // Signalled once running (a login shell still starting may outlive a SIGINT by design).
                let process = try await provider.startSupervised(
                    AgentCommand(executable: "sh", arguments: ["-c", "echo ready; exec sleep 60"]), in: workspace,
                    terminal: nil)
                try await OutputWatcher(process.output).waitFor("ready") { $0.contains("ready") }
                process.signal(signal)
                #expect(await process.wait() == ProcessExit(code: code, signaled: true), "signal \(signal)")
                process.signal(SIGKILL)
            }
        }
    }

    @Test func detachingAbortsTheStreamButNotTheProcess() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider()
        try await withDeadline(30, "detaching") {
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            let sandbox = try E2BSandboxReference(reference: workspace.path)
            let process = try await provider.start(
                AgentCommand(executable: "sleep", arguments: ["60"]), in: sandbox, terminal: nil)
            let pid = try #require(process.pid)
            process.detach()
            #expect(await process.wait().code == -1)
            #expect(process.terminationReason?.contains("rclaude stopped following the process") == true)
            // Like envd, the fake keeps a process whose client went away.
            let envd = try await provider.envdClient(for: sandbox.sandboxID)
            #expect(try await envd.listProcesses().contains(pid))
            try await envd.sendSignal(pid: pid, .kill)
        }
    }

    @Test func timeLeftComesFromEndAtAndCanBeExtended() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let provider = server.provider(timeout: 120)
        try await withDeadline(30, "time left") {
            let record = makeRecord()
            #expect(try await provider.timeRemaining(for: record.id) == nil)
            #expect(try await provider.extendTimeout(for: record.id) == false)
            let workspace = try await provider.prepareWorkspace(for: record)
            let left = try #require(try await provider.timeRemaining(for: record.id))
            #expect(left > .seconds(100) && left <= .seconds(120))
            let detail = try #require(try await provider.sandbox(for: record.id))
            #expect(detail.timeRemaining(now: detail.endAt.addingTimeInterval(-42)) == .seconds(42))

            #expect(try await provider.extendTimeout(for: record.id, seconds: 1800))
            let extended = try await provider.timeRemaining(
                ofSandbox: try E2BSandboxReference(reference: workspace.path).sandboxID)
            #expect(extended > .seconds(1790) && extended <= .seconds(1800))
        }
    }

    @Test func failuresAreClear() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        try await withDeadline(30, "failures") {
            let rejected = await #expect(throws: CoreError.self) {
                try await server.provider(apiKey: "e2b_wrong").prepareWorkspace(for: makeRecord())
            }
            #expect(rejected?.code == .unauthorized)
            #expect(rejected?.message.contains("check E2B_API_KEY") == true)

            let provider = server.provider()
            let workspace = try await provider.prepareWorkspace(for: makeRecord())
            let sandbox = try E2BSandboxReference(reference: workspace.path)
            let badDirectory = await #expect(throws: CoreError.self) {
                try await provider.start(
                    AgentCommand(executable: "true", arguments: []),
                    in: E2BSandboxReference(sandboxID: sandbox.sandboxID, workspacePath: "/home/user/missing"),
                    terminal: nil)
            }
            #expect(badDirectory?.message.contains("does not exist") == true)

            let wrongToken = EnvdClient(
                endpoint: EnvdEndpoint.resolve(
                    sandboxID: sandbox.sandboxID, domain: "e2b.app", accessToken: "nope", override: server.baseURL),
                sandboxID: sandbox.sandboxID)
            let token = await #expect(throws: CoreError.self) { try await wrongToken.listDirectory("/home/user") }
            #expect(token?.code == .unauthorized)

            try await provider.removeSandbox(for: makeRecord().id)
            let gone = await #expect(throws: CoreError.self) {
                try await provider.launch(AgentCommand(executable: "true", arguments: []), in: workspace, terminal: nil)
            }
            #expect(gone?.message.contains("no longer exists (killed or timed out)") == true)
        }
    }
}
