import Foundation
import RClaudeCore
import RClaudeTestSupport
import Testing

/// The Gemini CLI is not installed where these tests run: they decode recorded outputs only.
@Suite struct GeminiStreamDecoderTests {
    static let directory = "Tests/RClaudeCoreTests/Fixtures/gemini"
    static let fixtures = [
        "gemini-0.11.0-read-replace-read.jsonl", "gemini-0.11.0-say-hello.jsonl", "gemini-0.11.0-write-file.jsonl",
        "gemini-docs-stream-json-example.jsonl",
    ]

    func decode(_ fixture: String, chunkEnds: [Int] = []) throws -> [AgentEvent] {
        var decoder = GeminiStreamDecoder()
        return decodeAll(try Fixtures.bytes("\(Self.directory)/\(fixture)"), with: &decoder, chunkEnds: chunkEnds)
    }

    func decode(lines: [String]) -> [AgentEvent] {
        var decoder = GeminiStreamDecoder()
        return decodeAll(Array(lines.joined(separator: "\n").utf8), with: &decoder)
    }

    static func started(_ id: String, _ model: String) -> AgentEvent {
        .initialized(SessionStarted(sessionID: id, model: model, cwd: nil, tools: [], agentVersion: nil, permissionMode: nil))
    }

    static func use(_ id: String, _ name: String, _ input: [String: String]) -> AgentEvent {
        .toolUse(ToolUse(id: id, name: name, input: .object(input.mapValues { .string($0) }), messageID: nil))
    }

    static func result(_ id: String, _ name: String, _ content: String = "") -> AgentEvent {
        .toolResult(ToolResult(toolUseID: id, toolName: name, content: content, isError: false))
    }

    static func text(_ text: String) -> AgentEvent { .assistantText(AssistantText(messageID: nil, text: text)) }

    static func success(_ session: String, _ text: String, ms: Int, input: Int, output: Int) -> AgentEvent {
        .result(
            RunResult(
                isError: false, subtype: "success", text: text, durationMS: ms,
                usage: TokenUsage(inputTokens: input, outputTokens: output), sessionID: session))
    }

    // MARK: - Recorded runs

    @Test func sayHello() throws {
        let session = "2aa2472d-f175-41f6-a5a9-fd4f42cc345a"
        let hello = "Hello! I'm ready to help. What can I do for you?"
        #expect(
            try decode("gemini-0.11.0-say-hello.jsonl") == [
                Self.started(session, "gemini-2.5-pro"), Self.text(hello),
                Self.success(session, hello, ms: 2239, input: 7352, output: 16),
            ])
    }

    @Test func writeFile() throws {
        let session = "f96c76b0-f4ed-448c-833c-16856e3585c7"
        let id = "write_file-1761734206262-8f3d4cee1f321"
        #expect(
            try decode("gemini-0.11.0-write-file.jsonl") == [
                Self.started(session, "gemini-2.5-pro"),
                Self.use(id, "write_file", ["file_path": "/tmp/gemini-test/created.txt", "content": "Hello from Gemini CLI"]),
                Self.result(id, "write_file"), Self.text("Done.\n"),
                Self.success(session, "Done.\n", ms: 5375, input: 10902, output: 24),
            ])
    }

    @Test func readReplaceRead() throws {
        let session = "453aa339-7d2b-4709-a41a-b0b73beaff85"
        let path = "/private/tmp/gemini-test/created.txt"
        let read1 = "read_file-1761734225259-ef6c719c767c"
        let replace = "replace-1761734228885-7a63ed9561c45"
        let read2 = "read_file-1761734231198-1c505312bf0b"
        #expect(
            try decode("gemini-0.11.0-read-replace-read.jsonl") == [
                Self.started(session, "gemini-2.5-pro"),
                Self.use(read1, "read_file", ["absolute_path": path]), Self.result(read1, "read_file"),
                Self.use(
                    replace, "replace",
                    [
                        "file_path": path, "instruction": #"Change "Hello" to "Goodbye""#,
                        "new_string": "Goodbye from Gemini CLI", "old_string": "Hello from Gemini CLI",
                    ]),
                Self.result(replace, "replace"),
                Self.use(read2, "read_file", ["absolute_path": path]), Self.result(read2, "read_file"),
                Self.text("Done."), Self.success(session, "Done.", ms: 13099, input: 21694, output: 77),
            ])
    }

    @Test func officialDocsExample() throws {
        #expect(
            try decode("gemini-docs-stream-json-example.jsonl") == [
                Self.started("abc123", "gemini-2.0-flash-exp"), Self.use("bash-123", "Bash", ["command": "ls -la"]),
                Self.result("bash-123", "Bash", "file1.txt\nfile2.txt"), Self.text("Here are the files..."),
                Self.success("abc123", "Here are the files...", ms: 3000, input: 50, output: 200),
            ])
    }

    @Test(arguments: fixtures)
    func everyFixtureRoundTripsAndSurvivesAnyCut(_ fixture: String) throws {
        let whole = try decode(fixture)
        #expect(!whole.contains { if case .raw = $0 { return true } else { return false } }, "nothing unknown")
        for event in whole {
            #expect(try JSONDecoder().decode(AgentEvent.self, from: JSONEncoder().encode(event)) == event)
        }
        let count = try Fixtures.bytes("\(Self.directory)/\(fixture)").count
        for cut in stride(from: 1, to: count, by: 5) {
            #expect(try decode(fixture, chunkEnds: [cut]) == whole, "cut at byte \(cut)")
        }
    }

    // MARK: - Newer fields and failures

    @Test func deltasJoinAndNewerStatsSplitCachedTokens() {
        let events = decode(lines: [
            #"{"type":"init","timestamp":"t","session_id":"s1","model":"gemini-3-pro"}"#,
            #"{"type":"message","timestamp":"t","role":"assistant","content":"Hel","delta":true}"#,
            #"{"type":"message","timestamp":"t","role":"assistant","content":"lo","delta":true}"#,
            #"{"type":"result","timestamp":"t","status":"success","stats":{"total_tokens":120,"input_tokens":100,"output_tokens":20,"cached":60,"input":40,"duration_ms":900,"tool_calls":0,"models":{"gemini-3-pro":{"total_tokens":120}}}}"#,
        ])
        #expect(
            events == [
                Self.started("s1", "gemini-3-pro"), Self.text("Hello"),
                .result(
                    RunResult(
                        isError: false, subtype: "success", text: "Hello", durationMS: 900,
                        usage: TokenUsage(inputTokens: 40, outputTokens: 20, cacheReadInputTokens: 60), sessionID: "s1")),
            ])
    }

    @Test func failedToolsWarningsAndAnErrorResult() {
        let events = decode(lines: [
            #"{"type":"tool_use","tool_name":"run_shell_command","tool_id":"r1","parameters":{"command":"false"}}"#,
            #"{"type":"tool_result","tool_id":"r1","status":"error","error":{"type":"shell_error","message":"exit 1"}}"#,
            #"{"type":"error","severity":"warning","message":"Loop detected"}"#,
            #"{"type":"result","status":"error","error":{"type":"FatalTurnLimitedError","message":"Maximum session turns exceeded"},"stats":{"duration_ms":5}}"#,
        ])
        #expect(
            events == [
                Self.use("r1", "run_shell_command", ["command": "false"]),
                .toolResult(ToolResult(toolUseID: "r1", toolName: "run_shell_command", content: "exit 1", isError: true)),
                .error(AgentError(message: "warning: Loop detected")),
                .result(
                    RunResult(
                        isError: true, subtype: "error", text: "Maximum session turns exceeded (FatalTurnLimitedError)",
                        durationMS: 5, usage: TokenUsage())),
            ])
    }

    @Test func strayTextIsRawAndGluedEventsStillDecode() {
        let events = decode(lines: [
            "Loaded cached credentials.",
            #"MCP warning: x{"type":"init","session_id":"s2","model":"m"}"#,
            #"{"type":"result","status":"success"}"#,
        ])
        #expect(
            events == [
                .raw(RawLine(line: "Loaded cached credentials.", note: "not a JSON object")),
                .raw(RawLine(line: "MCP warning: x", note: "not a JSON object")), Self.started("s2", "m"),
                .result(RunResult(isError: false, subtype: "success", sessionID: "s2")),
            ])
    }

    @Test func truncatedOutputFlushesTextAndFails() {
        let cut = #"{"type":"tool_use","tool_name":"read_fi"#
        let events = decode(lines: [
            #"{"type":"init","session_id":"s3","model":"m"}"#,
            #"{"type":"message","role":"assistant","content":"Working","delta":true}"#, cut,
        ])
        #expect(
            events == [
                Self.started("s3", "m"), Self.text("Working"), .raw(RawLine(line: cut, note: "not a JSON object")),
                .result(
                    RunResult(
                        isError: true, text: "gemini stopped before it reported a result; its stderr may say why",
                        sessionID: "s3")),
            ])
    }

    @Test func unknownTypesWrongFieldTypesAndInvalidUTF8AreRaw() {
        let lines = [
            #"{"type":"thought","content":"hmm"}"#,
            #"{"type":"tool_use","tool_id":5,"tool_name":"x"}"#,
            #"{"type":"tool_result","tool_id":null}"#,
            #"{"type":"message","role":"assistant","content":["a"]}"#,
            #"{"type":"message","role":"system","content":"a"}"#,
            #"{"type":"error","message":3}"#,
        ]
        let notes = [
            "unknown type 'thought'", "tool_use without string 'tool_id' and 'tool_name'",
            "tool_result without a string 'tool_id'", "message without a string 'content'", "message with an unknown role",
            "error without a string 'message'",
        ]
        let events = decode(lines: lines + [#"{"type":"result","status":"success"}"#])
        #expect(
            events == zip(lines, notes).map { .raw(RawLine(line: $0, note: $1)) }
                + [.result(RunResult(isError: false, subtype: "success"))])
        var decoder = GeminiStreamDecoder()
        let bad: [UInt8] = Array(#"{"type":"init","model":""#.utf8) + [0xC3] + Array(#""}"#.utf8)
        #expect(decoder.decode(line: bad) == [.raw(RawLine(line: "{\"type\":\"init\",\"model\":\"\u{FFFD}\"}", note: "not a JSON object"))])
    }
}
