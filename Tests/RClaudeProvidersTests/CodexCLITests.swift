import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeTestSupport
import Testing

/// The real Codex CLI (`codex exec --json`, as `AgentCommandBuilder` builds it) against the
/// scripted Responses API, decoded by `CodexExecDecoder`. Its shell commands really run.
@Suite(.serialized, .enabled(if: CodexBinary.path() != nil, Comment(rawValue: CodexBinary.missingReason)))
struct CodexCLITests {
    /// One run's outcome.
    struct Run {
        var status: Int32
        var events: [AgentEvent]
        var stdout: String
        var stderr: String
    }

    /// A workspace, a home and a Codex home pointed at a scripted server.
    final class Sandbox {
        let root: TemporaryDirectory
        let server: ScriptedResponsesServer
        let codex: String
        var workspace: String { root.appending("ws") }

        init(scenario: String) throws {
            root = try TemporaryDirectory(prefix: "rclaude-codex")
            for folder in ["ws", "home"] {
                try FileManager.default.createDirectory(atPath: root.appending(folder), withIntermediateDirectories: true)
            }
            server = try ScriptedResponsesServer(scenario: scenario, logPath: root.appending("requests.jsonl"))
            try server.writeCodexHome(at: root.appending("codex-home"))
            codex = try #require(CodexBinary.path())
        }

        deinit {
            server.stop()
            root.remove()
        }

        /// Runs one turn the way the local provider does (`LocalProcessRunner`, which gives the
        /// child default signal handling; Codex never sees its commands exit under a runner that
        /// passes on a blocked SIGCHLD).
        func run(_ prompt: String, options: TaskOptions = TaskOptions(), resume: String? = nil) async throws -> Run {
            let record = TaskRecord(
                id: TaskID("c0dec1")!, spec: TaskSpec(prompt: prompt, agent: .codex, options: options), createdAt: Date())
            let command = AgentCommandBuilder.command(
                for: record, prompt: prompt, resumeSession: resume, executable: codex, runningAsRoot: geteuid() == 0)
            var environment = server.codexEnvironment(codexHome: root.appending("codex-home"))
            environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"
            environment["HOME"] = root.appending("home")
            environment["LANG"] = "C.UTF-8"
            let process = try LocalProcessRunner().spawn(
                executable: command.executable, arguments: command.arguments,
                environment: environment.merging(command.environment) { $1 }, directory: workspace, terminal: nil,
                standardInput: command.standardInput)
            let watchdog = Task {
                try await Task.sleep(for: .seconds(120))
                process.signal(SIGKILL)
            }
            defer { watchdog.cancel() }
            var decoder = makeDecoder(for: .codex)
            var splitter = LineSplitter()
            var events: [AgentEvent] = []
            var stdout: [UInt8] = []
            var stderr: [UInt8] = []
            for await chunk in process.output {
                switch chunk.stream {
                case .stdout:
                    stdout += chunk.bytes
                    for line in splitter.feed(chunk.bytes) { events += decoder.decode(line: line) }
                case .stderr:
                    stderr += chunk.bytes
                }
            }
            if let rest = splitter.finish() { events += decoder.decode(line: rest) }
            let exit = await process.wait()
            return Run(
                status: exit.code, events: events + decoder.finish(), stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// The run's events with the result's usage taken out (token counts follow prompt sizes),
    /// and that usage.
    func splitUsage(_ events: [AgentEvent]) -> ([AgentEvent], TokenUsage?) {
        guard case .result(var result) = events.last else { return (events, nil) }
        let usage = result.usage
        result.usage = nil
        return (events.dropLast() + [.result(result)], usage)
    }

    @Test func toolsRunExecutesCommandsAndEditsFiles() async throws {
        let sandbox = try Sandbox(scenario: "tools.json")
        let run = try await sandbox.run("Create hello.txt, edit it, run a failing command")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        guard case .initialized(let started) = run.events.first, let thread = started.sessionID else {
            Issue.record("no thread.started: \(run.events)")
            return
        }
        let path = sandbox.workspace + "/hello.txt"
        let write = #"/bin/bash -lc "printf 'hello world\\n' > hello.txt && cat hello.txt""#
        let fail = "/bin/bash -lc 'echo about to fail && exit 3'"
        let change = JSONValue.object(["path": .string(path), "kind": .string("update")])
        let search = JSONValue.object(["type": .string("search"), "query": .string("scripted search")])
        let expected: [AgentEvent] = [
            .initialized(SessionStarted(sessionID: thread, model: nil, cwd: nil, tools: [], agentVersion: nil, permissionMode: nil)),
            .thinking(AssistantText(messageID: "item_0", text: "**Creating hello.txt**")),
            .toolUse(ToolUse(id: "item_1", name: "shell", input: .object(["command": .string(write)]), messageID: nil)),
            .toolResult(ToolResult(toolUseID: "item_1", toolName: "shell", content: "hello world\n", isError: false, exitCode: 0)),
            .assistantText(AssistantText(messageID: "item_2", text: "Now I will edit it.")),
            .toolUse(
                ToolUse(
                    id: "item_3", name: "apply_patch", input: .object(["changes": .array([change])]), messageID: nil,
                    changes: [EditedFile(path: path, kind: .update)])),
            .toolResult(ToolResult(toolUseID: "item_3", toolName: "apply_patch", content: "update \(path)", isError: false)),
            .toolUse(ToolUse(id: "item_4", name: "shell", input: .object(["command": .string(fail)]), messageID: nil)),
            .toolResult(ToolResult(toolUseID: "item_4", toolName: "shell", content: "about to fail\n", isError: true, exitCode: 3)),
            .toolUse(
                ToolUse(
                    id: "item_5", name: "web_search", input: .object(["query": .string("scripted search"), "action": search]),
                    messageID: nil)),
            .toolResult(ToolResult(toolUseID: "item_5", toolName: "web_search", content: "", isError: false)),
            .assistantText(AssistantText(messageID: "item_6", text: "Created, edited and checked hello.txt.")),
            .result(RunResult(isError: false, text: "Created, edited and checked hello.txt.", sessionID: thread)),
        ]
        let (events, usage) = splitUsage(run.events)
        #expect(events == expected, "codex printed:\n\(run.stdout)")
        #expect((usage?.inputTokens ?? 0) > 0 && (usage?.outputTokens ?? 0) > 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello edited world\n", "the commands really ran")
        #expect(sandbox.server.requests().filter { $0["kind"] as? String == "main" }.count == 4)
    }

    @Test func rejectedRequestFailsTheTurnWithTheAPIMessage() async throws {
        let sandbox = try Sandbox(scenario: "api_400.json")
        let run = try await sandbox.run("Hello")
        #expect(run.status == 1)
        let message = "scripted: request rejected (invalid_request_error)"
        guard case .result(let result) = run.events.last else {
            Issue.record("no result: \(run.events)")
            return
        }
        #expect(result.isError && result.failureReason == message)
        #expect(run.events.dropFirst().first == .error(AgentError(message: message)))
    }

    @Test func followUpResumesTheSameThread() async throws {
        let sandbox = try Sandbox(scenario: "followup.json")
        let first = try await sandbox.run("first question", options: TaskOptions(permissionMode: "read-only"))
        guard case .initialized(let started) = first.events.first, let thread = started.sessionID else {
            Issue.record("no thread.started: \(first.events) \(first.stderr)")
            return
        }
        let second = try await sandbox.run("second question", options: TaskOptions(permissionMode: "read-only"), resume: thread)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let (events, _) = splitUsage(second.events)
        #expect(
            events == [
                .initialized(SessionStarted(sessionID: thread, model: nil, cwd: nil, tools: [], agentVersion: nil, permissionMode: nil)),
                .assistantText(AssistantText(messageID: "item_0", text: "second answer")),
                .result(RunResult(isError: false, text: "second answer", sessionID: thread)),
            ])
        let last = sandbox.server.requests().last?["body"] as? [String: Any]
        let input = String(describing: last?["input"] ?? "")
        #expect(input.contains("first question") && input.contains("first answer"), "the resumed request carries the history")
    }
}

@Suite struct AgentBinaryLocatorTests {
    @Test func codexOverrideMustBeExecutable() {
        let locator = AgentBinaryLocator(environment: ["RCLAUDE_CODEX_BIN": "/nonexistent/codex", "PATH": "/nonexistent"])
        #expect {
            try locator.locate(.codex)
        } throws: { error in
            (error as? ProviderError)?.message
                == "RCLAUDE_CODEX_BIN is set to '/nonexistent/codex', which is not an executable file; point it at the codex binary or unset it to search PATH"
        }
    }

    @Test func missingAgentsSayHowToInstallThem() {
        let locator = AgentBinaryLocator(environment: ["PATH": "/nonexistent"])
        for (agent, hint) in [(AgentKind.codex, "pip install openai-codex-cli-bin"), (.gemini, "npm install -g @google/gemini-cli")] {
            #expect {
                try locator.locate(agent)
            } throws: { error in
                (error as? ProviderError)?.code == .agentMissing && ((error as? ProviderError)?.message.contains(hint) ?? false)
            }
        }
        #expect((try? locator.locate(.shell)) == "/bin/sh")
    }

    @Test func agentsAreFoundOnPath() throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-locator")
        defer { dir.remove() }
        for name in ["codex", "gemini"] {
            FileManager.default.createFile(
                atPath: dir.appending(name), contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        let locator = AgentBinaryLocator(environment: ["PATH": "/nonexistent:\(dir.path)"])
        #expect(try locator.locate(.codex) == dir.appending("codex"))
        #expect(try locator.locate(.gemini) == dir.appending("gemini"))
        let explicit = AgentBinaryLocator(environment: ["RCLAUDE_GEMINI_BIN": dir.appending("gemini"), "PATH": "/nonexistent"])
        #expect(try explicit.locate(.gemini) == dir.appending("gemini"))
    }
}
