import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeHTTP
import Testing

/// `E2BProcess` over scripted streams: what happens when a stream breaks off.
@Suite struct E2BProcessTests {
    /// A provider whose control plane knows sandbox `sbx1` for `lookups` requests and then
    /// answers 404, and whose envd streams `chunks`.
    func provider(chunks: [[UInt8]], failure: CoreError? = nil, lookups: Int = 1) -> E2BProvider {
        let control = ScriptedHTTPTransport { _, index in
            index < lookups ? .json(200, sandboxDetailJSON) : .json(404, #"{"code":404,"message":"not found"}"#)
        }
        return E2BProvider(
            client: E2BClient(baseURL: "https://api.example", apiKey: "k", transport: control, retry: .none),
            options: E2BProviderOptions(envdURL: "http://envd.invalid", startTimeout: .seconds(5)),
            envdTransport: ScriptedHTTPTransport { _, _ in .json(200, "{}") },
            streaming: ScriptedStreamingTransport(chunks: chunks, failure: failure))
    }

    let sandbox = E2BSandboxReference(sandboxID: "sbx1", workspacePath: "/home/user/workspace")

    @Test func streamWithoutEndEventEndsWithTheSandboxGone() async throws {
        let chunks = [
            eventFrame(#"{"event":{"start":{"pid":42}}}"#), eventFrame(#"{"event":{"data":{"stdout":"aGkK"}}}"#),
        ]
        try await withDeadline(10, "a cut stream") {
            let process = try await provider(chunks: chunks).start(
                AgentCommand(executable: "agent", arguments: []), in: sandbox, terminal: nil)
            #expect(process.pid == 42)
            let (stdout, stderr) = await collect(process.output)
            #expect(stdout == "hi\n")
            #expect(await process.wait() == ProcessExit(code: -1, signaled: false))
            let reason = try #require(process.terminationReason)
            #expect(reason.contains("E2B sandbox sbx1 no longer exists (killed or timed out)"))
            #expect(reason.contains("without Connect's end-of-stream message"))
            #expect(stderr == "rclaude: \(reason)\n")
        }
    }

    @Test func brokenConnectionWhileTheSandboxRunsSaysSo() async throws {
        let chunks = [eventFrame(#"{"event":{"start":{"pid":42}}}"#)]
        let failure = CoreError(code: .unavailable, message: "the connection closed mid-stream")
        try await withDeadline(10, "a broken connection") {
            let process = try await provider(chunks: chunks, failure: failure, lookups: 2).start(
                AgentCommand(executable: "agent", arguments: []), in: sandbox, terminal: nil)
            #expect(await process.wait().code == -1)
            let reason = try #require(process.terminationReason)
            #expect(
                reason.contains("lost the process's stream from E2B sandbox sbx1 (the connection closed mid-stream)"))
            #expect(reason.contains("the sandbox still runs"))
        }
    }

    @Test func truncatedFrameIsReportedNotACrash() async throws {
        let start = eventFrame(#"{"event":{"start":{"pid":42}}}"#)
        let truncated = Array(eventFrame(#"{"event":{"data":{"stdout":"aGkK"}}}"#).prefix(9))
        try await withDeadline(10, "a truncated frame") {
            let process = try await provider(chunks: [start, truncated]).start(
                AgentCommand(executable: "agent", arguments: []), in: sandbox, terminal: nil)
            #expect(await process.wait().code == -1)
            #expect(process.terminationReason?.contains("the stream ended inside a frame") == true)
        }
    }

    @Test func endStreamErrorBeforeStartIsALaunchError() async throws {
        let end = ConnectEnvelope(
            flags: ConnectEnvelope.endStreamFlag,
            payload: Array(#"{"error":{"code":"invalid_argument","message":"bad cwd"}}"#.utf8))
        try await withDeadline(10, "a refused start") {
            let error = await #expect(throws: CoreError.self) {
                try await provider(chunks: [end.encoded]).start(
                    AgentCommand(executable: "agent", arguments: []), in: sandbox, terminal: nil)
            }
            #expect(error?.code == .launch)
            #expect(error?.message.contains("invalid_argument: bad cwd") == true)
        }
    }

    @Test func normalEndCarriesExitAndSignal() async throws {
        let chunks = [
            eventFrame(#"{"event":{"start":{"pid":7}}}"#), eventFrame(#"{"event":{"keepalive":{}}}"#),
            eventFrame(#"{"event":{"data":{"stderr":"b29wcwo="}}}"#),
            eventFrame(#"{"event":{"end":{"exitCode":-1,"status":"signal: terminated"}}}"#),
            ConnectEnvelope(flags: 2, payload: Array("{}".utf8)).encoded,
        ]
        try await withDeadline(10, "a normal end") {
            let process = try await provider(chunks: [chunks.flatMap { $0 }]).start(
                AgentCommand(executable: "agent", arguments: []), in: sandbox, terminal: nil)
            #expect(await collect(process.output).stderr == "oops\n")
            #expect(await process.wait() == ProcessExit(code: 143, signaled: true))
            #expect(process.terminationReason == nil)
        }
    }

    @Test func commandsRunThroughALoginShellThatExecsTheProgram() {
        let provider = provider(chunks: [])
        let config = provider.processConfig(
            for: AgentCommand(
                executable: "claude", arguments: ["-p", "it's"], environment: ["A": "1"],
                removedEnvironment: ["SECRET", "bad name"],
                mergeStderr: true),
            cwd: "/home/user/workspace", tty: false)
        #expect(config.cmd == "/bin/bash")
        #expect(config.args == ["-l", "-c", "unset SECRET; exec \"$0\" \"$@\" 2>&1", "claude", "-p", "it's"])
        #expect(config.envs == ["A": "1"])
        #expect(config.cwd == "/home/user/workspace")
        let tty = provider.processConfig(
            for: AgentCommand(executable: "sh", arguments: [], mergeStderr: true), cwd: "/w", tty: true)
        #expect(tty.args == ["-l", "-c", "exec \"$0\" \"$@\"", "sh"])
        #expect(tty.envs["TERM"] == "xterm-256color")
    }
}
