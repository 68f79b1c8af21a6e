import Foundation
import RClaudeCore
import RClaudeTestSupport
import Testing

/// Decodes a whole output through `LineSplitter` and a decoder, then `finish()`.
func decodeAll(_ bytes: [UInt8], with decoder: inout some AgentOutputDecoder, chunkEnds: [Int] = []) -> [AgentEvent] {
    var splitter = LineSplitter()
    var events: [AgentEvent] = []
    var start = 0
    for end in chunkEnds + [bytes.count] where end >= start {
        for line in splitter.feed(bytes[start..<end]) { events += decoder.decode(line: line) }
        start = end
    }
    if let rest = splitter.finish() { events += decoder.decode(line: rest) }
    return events + decoder.finish()
}

@Suite struct CodexExecDecoderTests {
    static let directory = "Tests/RClaudeCoreTests/Fixtures/codex"
    static let fixtures = [
        "codex-0.142.0-exec-success.jsonl", "codex-0.163.0-mockapi-api-error-400.jsonl",
        "codex-0.163.0-mockapi-api-error-500-retries.jsonl", "codex-0.163.0-mockapi-resume.jsonl",
        "codex-0.163.0-mockapi-simple.jsonl", "codex-0.163.0-mockapi-stream-truncated.jsonl",
        "codex-0.163.0-mockapi-tools-workspace-write.jsonl", "codex-0.163.0-mockapi-unknown-model-warning.jsonl",
        "codex-docs-exec-md-sample.jsonl",
    ]

    func decode(_ fixture: String, chunkEnds: [Int] = []) throws -> [AgentEvent] {
        var decoder = CodexExecDecoder()
        return decodeAll(try Fixtures.bytes("\(Self.directory)/\(fixture)"), with: &decoder, chunkEnds: chunkEnds)
    }

    func decode(lines: [String]) -> [AgentEvent] {
        var decoder = CodexExecDecoder()
        return decodeAll(Array(lines.joined(separator: "\n").utf8), with: &decoder)
    }

    static func started(_ id: String) -> AgentEvent {
        .initialized(SessionStarted(sessionID: id, model: nil, cwd: nil, tools: [], agentVersion: nil, permissionMode: nil))
    }

    static func shell(_ id: String, _ command: String) -> AgentEvent {
        .toolUse(ToolUse(id: id, name: "shell", input: .object(["command": .string(command)]), messageID: nil))
    }

    static func ran(_ id: String, _ output: String, exit: Int?, failed: Bool = false) -> AgentEvent {
        .toolResult(ToolResult(toolUseID: id, toolName: "shell", content: output, isError: failed, exitCode: exit))
    }

    static func text(_ id: String, _ text: String) -> AgentEvent { .assistantText(AssistantText(messageID: id, text: text)) }

    static func patch(_ id: String, _ path: String) -> [AgentEvent] {
        let entry = JSONValue.object(["path": .string(path), "kind": .string("update")])
        return [
            .toolUse(
                ToolUse(
                    id: id, name: "apply_patch", input: .object(["changes": .array([entry])]), messageID: nil,
                    changes: [EditedFile(path: path, kind: .update)])),
            .toolResult(ToolResult(toolUseID: id, toolName: "apply_patch", content: "update \(path)", isError: false)),
        ]
    }

    // MARK: - Recorded runs of the real CLI

    @Test func toolsRunDecodesEveryItemKind() throws {
        let thread = "01a2114d-8d7c-7c90-891c-09c9086dd346"
        let write = #"/bin/bash -lc "printf 'hello world\\n' > hello.txt && cat hello.txt""#
        let fail = "/bin/bash -lc 'echo about to fail && exit 3'"
        let search = JSONValue.object(["type": .string("search"), "query": .string("scripted search")])
        let expected: [AgentEvent] =
            [
                Self.started(thread),
                .thinking(AssistantText(messageID: "item_0", text: "**Creating hello.txt**")),
                Self.shell("item_1", write),
                Self.ran("item_1", "hello world\n", exit: 0),
                Self.text("item_2", "Now I will edit it."),
            ] + Self.patch("item_3", "/sandbox/work/hello.txt") + [
                Self.shell("item_4", fail),
                Self.ran("item_4", "about to fail\n", exit: 3, failed: true),
                // The CLI writes "id" twice in web_search items; the first ("item_5") is kept.
                .toolUse(
                    ToolUse(
                        id: "item_5", name: "web_search",
                        input: .object(["query": .string("scripted search"), "action": search]), messageID: nil)),
                .toolResult(ToolResult(toolUseID: "item_5", toolName: "web_search", content: "", isError: false)),
                Self.text("item_6", "Created, edited and checked hello.txt."),
                .result(
                    RunResult(
                        isError: false, text: "Created, edited and checked hello.txt.",
                        usage: TokenUsage(inputTokens: 29327, outputTokens: 355), sessionID: thread)),
            ]
        #expect(try decode("codex-0.163.0-mockapi-tools-workspace-write.jsonl") == expected)
    }

    @Test func simpleRunIsTextAndUsage() throws {
        let thread = "01a2114d-88b0-7172-9d8a-40acfdb9067a"
        #expect(
            try decode("codex-0.163.0-mockapi-simple.jsonl") == [
                Self.started(thread), Self.text("item_0", "Hello from the scripted Responses API."),
                .result(
                    RunResult(
                        isError: false, text: "Hello from the scripted Responses API.",
                        usage: TokenUsage(inputTokens: 6879, outputTokens: 53), sessionID: thread)),
            ])
    }

    @Test func resumedRunKeepsTheThreadID() throws {
        let thread = "01a2114d-ae45-7850-8cb7-d173a846fc0e"
        #expect(
            try decode("codex-0.163.0-mockapi-resume.jsonl") == [
                Self.started(thread), Self.text("item_0", "second answer"),
                .result(
                    RunResult(
                        isError: false, text: "second answer", usage: TokenUsage(inputTokens: 13848, outputTokens: 92),
                        sessionID: thread)),
            ])
    }

    @Test func errorItemIsAWarningNotAFailure() throws {
        let thread = "01a2114d-9449-7c01-9e60-bf0015f5c353"
        #expect(
            try decode("codex-0.163.0-mockapi-unknown-model-warning.jsonl") == [
                Self.started(thread),
                .error(
                    AgentError(
                        message:
                            "Model metadata for `gpt-5-codex` not found. Defaulting to fallback metadata; this can degrade performance and cause issues."
                    )),
                Self.text("item_1", "Hello from the scripted Responses API."),
                .result(
                    RunResult(
                        isError: false, text: "Hello from the scripted Responses API.",
                        usage: TokenUsage(inputTokens: 5254, outputTokens: 53), sessionID: thread)),
            ])
    }

    @Test func apiErrorBodyIsMadeReadable() throws {
        let thread = "01a2114d-9849-7691-8aca-da92a1f04d84"
        let message = "scripted: request rejected (invalid_request_error)"
        let events = try decode("codex-0.163.0-mockapi-api-error-400.jsonl")
        #expect(
            events == [
                Self.started(thread), .error(AgentError(message: message)),
                .result(RunResult(isError: true, text: message, sessionID: thread)),
            ])
        guard case .result(let result) = events.last else { return }
        #expect(result.failureReason == message)
    }

    @Test func reconnectsAreRetriesThenTheTurnFails() throws {
        let thread = "01a2114d-9c25-74d2-8896-dc912dbde5b7"
        let reason = "We’re currently experiencing high demand, which may cause temporary errors."
        #expect(
            try decode("codex-0.163.0-mockapi-api-error-500-retries.jsonl") == [
                Self.started(thread),
                .apiRetry(APIRetry(attempt: 1, maxRetries: 2, errorStatus: nil, error: reason)),
                .apiRetry(APIRetry(attempt: 2, maxRetries: 2, errorStatus: nil, error: reason)),
                .error(AgentError(message: reason)),
                .result(RunResult(isError: true, text: reason, sessionID: thread)),
            ])
    }

    @Test func brokenStreamFailsTheTurn() throws {
        let thread = "01a2114d-aa87-76e3-930a-882786b3626b"
        let reason = "stream disconnected before completion: stream closed before response.completed"
        #expect(
            try decode("codex-0.163.0-mockapi-stream-truncated.jsonl") == [
                Self.started(thread), Self.text("item_0", "this stream never completes"),
                .error(AgentError(message: reason)),
                .result(RunResult(isError: true, text: reason, sessionID: thread)),
            ])
    }

    // MARK: - Samples from elsewhere

    @Test func officialDocsSample() throws {
        let thread = "0199a213-81c0-7800-8aa1-bbab2a035a53"
        let listing =
            "2025-09-11\nAGENTS.md\nCHANGELOG.md\ncliff.toml\ncodex-cli\ncodex-rs\ndocs\nexamples\nflake.lock\nflake.nix\nLICENSE\nnode_modules\nNOTICE\npackage.json\npnpm-lock.yaml\npnpm-workspace.yaml\nPNPM.md\nREADME.md\nscripts\nsdk\ntmp\n"
        #expect(
            try decode("codex-docs-exec-md-sample.jsonl") == [
                Self.started(thread),
                .thinking(AssistantText(messageID: "item_0", text: "**Searching for README files**")),
                Self.shell("item_1", "bash -lc ls"), Self.ran("item_1", listing, exit: 0),
                .thinking(AssistantText(messageID: "item_2", text: "**Checking repository root for README**")),
                Self.text("item_3", "Yep — there’s a `README.md` in the repository root."),
                .result(
                    RunResult(
                        isError: false, text: "Yep — there’s a `README.md` in the repository root.",
                        usage: TokenUsage(inputTokens: 315, outputTokens: 122, cacheReadInputTokens: 24448),
                        sessionID: thread)),
            ])
    }

    @Test func recordedRunWithCommandsAndAEditedFile() throws {
        let events = try decode("codex-0.142.0-exec-success.jsonl")
        let thread = "01a007b9-325f-78e0-9f17-d8b2561bf576"
        let diff =
            "diff --git a/lib.rs b/lib.rs\nindex c9313b3..345c1a5 100644\n--- a/lib.rs\n+++ b/lib.rs\n@@ -1 +1,3 @@\n pub fn base() -> u32 { 0 }\n+\n+pub fn double(value: u32) -> u32 { value * 2 }\n"
        let last =
            #"{"claim":"COMPLETE","files_touched":["/workspace/lib.rs"],"summary":"Added `pub fn double(value: u32) -> u32 { value * 2 }` to `lib.rs` and made no other changes."}"#
        let expected: [AgentEvent] =
            [
                Self.started(thread),
                Self.text(
                    "item_0",
                    #"{"claim":"PARTIAL","files_touched":[],"summary":"I’ll locate `lib.rs`, inspect its current contents, and make the smallest possible edit there only."}"#
                ),
                Self.shell("item_1", "/bin/zsh -lc 'git status --short'"),
                Self.ran("item_1", "?? events.jsonl\n?? schema.json\n?? stderr.txt\n", exit: 0),
                Self.shell("item_2", #"/bin/zsh -lc "rg --files -g 'lib.rs'""#), Self.ran("item_2", "lib.rs\n", exit: 0),
                Self.text(
                    "item_3",
                    #"{"claim":"PARTIAL","files_touched":[],"summary":"`lib.rs` is at the repository root. I also see unrelated untracked files, so I’ll leave those alone and only patch `lib.rs`."}"#
                ),
                Self.shell("item_4", "/bin/zsh -lc 'nl -ba lib.rs'"),
                Self.ran("item_4", "     1\tpub fn base() -> u32 { 0 }\n", exit: 0),
                Self.text(
                    "item_5",
                    #"{"claim":"PARTIAL","files_touched":[],"summary":"I’m adding a single public `double` function after the existing function, with no other file changes."}"#
                ),
            ] + Self.patch("item_6", "/workspace/lib.rs") + [
                Self.text(
                    "item_7",
                    #"{"claim":"PARTIAL","files_touched":["/workspace/lib.rs"],"summary":"I’ll verify the patch is limited to the requested function in `lib.rs`."}"#
                ),
                Self.shell("item_8", "/bin/zsh -lc 'git diff -- lib.rs'"), Self.ran("item_8", diff, exit: 0),
                Self.text("item_9", last),
                .result(
                    RunResult(
                        isError: false, text: last,
                        usage: TokenUsage(inputTokens: 17522, outputTokens: 1098, cacheReadInputTokens: 69504),
                        sessionID: thread)),
            ]
        #expect(events == expected)
    }

    // MARK: - Every fixture

    @Test(arguments: fixtures)
    func everyFixtureRoundTripsThroughJSON(_ fixture: String) throws {
        let events = try decode(fixture)
        #expect(!events.isEmpty)
        #expect(!events.contains { if case .raw = $0 { return true } else { return false } }, "nothing unknown")
        for event in events {
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(AgentEvent.self, from: data) == event)
        }
    }

    @Test(arguments: fixtures)
    func everyFixtureDecodesTheSameCutAtAnyByte(_ fixture: String) throws {
        let whole = try decode(fixture)
        let count = try Fixtures.bytes("\(Self.directory)/\(fixture)").count
        for cut in stride(from: 1, to: count, by: 7) {
            #expect(try decode(fixture, chunkEnds: [cut]) == whole, "cut at byte \(cut)")
        }
    }

    // MARK: - Bad input

    @Test func truncatedLineIsRawAndTheMissingEndIsAFailure() {
        let cut = #"{"type":"item.completed","item":{"id":"item_0","type":"agent_mess"#
        let events = decode(lines: [#"{"type":"thread.started","thread_id":"t1"}"#, #"{"type":"turn.started"}"#, cut])
        #expect(
            events == [
                Self.started("t1"), .raw(RawLine(line: cut, note: "not a JSON object")),
                .result(
                    RunResult(
                        isError: true,
                        text:
                            "codex stopped before it reported the end of its turn (no turn.completed or turn.failed line); its stderr may say why",
                        sessionID: "t1")),
            ])
    }

    @Test func theLastErrorExplainsAMissingEnd() {
        let events = decode(lines: [#"{"type":"turn.started"}"#, #"{"type":"error","message":"boom"}"#])
        #expect(
            events.last
                == .result(
                    RunResult(
                        isError: true,
                        text: "codex stopped before it reported the end of its turn (no turn.completed or turn.failed line): boom"
                    )))
    }

    @Test func emptyOutputIsAFailureButACompletedTurnIsNot() {
        var empty = CodexExecDecoder()
        #expect(empty.finish().count == 1)
        #expect(empty.finish() == [], "finish reports once")
        let done = decode(lines: [#"{"type":"turn.started"}"#, #"{"type":"turn.completed"}"#])
        #expect(done == [.result(RunResult(isError: false))])
    }

    @Test func unknownTypesAndItemsAreKeptRaw() {
        let future = #"{"type":"thread.archived","thread_id":"t1"}"#
        let collab = #"{"type":"item.completed","item":{"id":"item_3","type":"collab_tool_call","tool":"spawn"}}"#
        let ask = #"{"type":"request_user_input","id":"r1","call_id":"c1","questions":[]}"#
        let events = decode(lines: [future, collab, ask, #"{"type":"turn.started"}"#, #"{"type":"turn.completed"}"#])
        #expect(
            events == [
                .raw(RawLine(line: future, note: "unknown type 'thread.archived'")),
                .raw(RawLine(line: collab, note: "unknown item type 'collab_tool_call'")),
                .raw(RawLine(line: ask, note: "codex asked for user input, which a headless run cannot answer")),
                .result(RunResult(isError: false)),
            ])
    }

    @Test func newFieldsAreIgnored() {
        let events = decode(lines: [
            #"{"type":"thread.started","thread_id":"t1","rollout_path":"/x/rollout.jsonl","future":{"a":1}}"#,
            #"{"type":"item.completed","item":{"id":"i0","type":"agent_message","text":"hi","phase":"final"}}"#,
        ])
        #expect(events.prefix(2) == [Self.started("t1"), Self.text("i0", "hi")])
    }

    @Test func wrongFieldTypesAreRawNotACrash() {
        let lines = [
            #"{"type":"thread.started","thread_id":42}"#,
            #"{"type":"item.completed","item":{"id":7,"type":"agent_message","text":"x"}}"#,
            #"{"type":"item.completed","item":{"id":"i1","type":"agent_message","text":42}}"#,
            #"{"type":"item.started","item":{"id":"i2","type":"command_execution","command":["ls"]}}"#,
            #"{"type":"item.started","item":{"id":"i3","type":"file_change","changes":"a.txt"}}"#,
            #"{"type":"error","message":{"text":"x"}}"#,
            #"{"type":"item.completed","item":"not an object"}"#,
            #"{"type":17}"#,
            #"[1,2,3]"#,
        ]
        let notes = [
            "thread.started without a string 'thread_id'",
            "item event without an item having a string 'id' and 'type'",
            "agent_message item without a string 'text'",
            "command_execution item without a string 'command'",
            "file_change item without a 'changes' array",
            "error without a string 'message'",
            "item event without an item having a string 'id' and 'type'",
            "no 'type' field",
            "not a JSON object",
        ]
        let events = decode(lines: lines)
        #expect(Array(events.dropLast()) == zip(lines, notes).map { .raw(RawLine(line: $0, note: $1)) })
    }

    @Test func wrongTypesInsideKnownItemsFallBackToDefaults() {
        let events = decode(lines: [
            #"{"type":"item.completed","item":{"id":"c1","type":"command_execution","command":"ls","aggregated_output":5,"exit_code":"0","status":"completed"}}"#,
            #"{"type":"turn.completed","usage":"lots"}"#,
        ])
        #expect(
            events == [
                Self.shell("c1", "ls"), Self.ran("c1", "", exit: nil), .result(RunResult(isError: false, usage: nil)),
            ])
    }

    @Test func invalidUTF8IsKeptRawWithReplacementCharacters() {
        var decoder = CodexExecDecoder()
        let line: [UInt8] = Array(#"{"type":"turn.started","x":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        let expected = "{\"type\":\"turn.started\",\"x\":\"\u{FFFD}\u{FFFD}\"}"
        #expect(decoder.decode(line: line) == [.raw(RawLine(line: expected, note: "not a JSON object"))])
    }

    @Test func mcpCallsTodoListsAndDeclinedCommands() {
        let events = decode(lines: [
            #"{"type":"item.started","item":{"id":"m1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":null,"error":null,"status":"in_progress"}}"#,
            #"{"type":"item.completed","item":{"id":"m1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":{"content":[{"type":"text","text":"found"}],"structured_content":null},"error":null,"status":"completed"}}"#,
            #"{"type":"item.completed","item":{"id":"m2","type":"mcp_tool_call","server":"docs","tool":"get","arguments":{},"result":null,"error":{"message":"no such page"},"status":"failed"}}"#,
            #"{"type":"item.started","item":{"id":"t1","type":"todo_list","items":[{"text":"a","completed":false}]}}"#,
            #"{"type":"item.updated","item":{"id":"t1","type":"todo_list","items":[{"text":"a","completed":false}]}}"#,
            #"{"type":"item.updated","item":{"id":"t1","type":"todo_list","items":[{"text":"a","completed":true}]}}"#,
            #"{"type":"item.completed","item":{"id":"d1","type":"command_execution","command":"rm -rf /","aggregated_output":"","exit_code":null,"status":"declined"}}"#,
        ])
        let list = { (done: Bool) -> JSONValue in
            .object(["items": .array([.object(["text": .string("a"), "completed": .bool(done)])])])
        }
        #expect(
            Array(events.dropLast()) == [
                .toolUse(ToolUse(id: "m1", name: "mcp__docs__search", input: .object(["q": .string("x")]), messageID: nil)),
                .toolResult(ToolResult(toolUseID: "m1", toolName: "mcp__docs__search", content: "found", isError: false)),
                .toolUse(ToolUse(id: "m2", name: "mcp__docs__get", input: .object([:]), messageID: nil)),
                .toolResult(ToolResult(toolUseID: "m2", toolName: "mcp__docs__get", content: "no such page", isError: true)),
                .toolUse(ToolUse(id: "t1", name: "todo_list", input: list(false), messageID: nil)),
                .toolUse(ToolUse(id: "t1", name: "todo_list", input: list(true), messageID: nil)),
                Self.shell("d1", "rm -rf /"), Self.ran("d1", "the command was declined", exit: nil, failed: true),
            ])
    }

    @Test func retryMessagesAreParsedStrictly() {
        let events = decode(lines: [
            #"{"type":"error","message":"Reconnecting... 3/5 (stream error)"}"#,
            #"{"type":"error","message":"Reconnecting... 1/5"}"#,
            #"{"type":"error","message":"Reconnecting... soon"}"#,
            #"{"type":"error","message":"{\"message\":\"flat body\"}"}"#,
            #"{"type":"error","message":"{not json"}"#,
        ])
        #expect(
            Array(events.dropLast()) == [
                .apiRetry(APIRetry(attempt: 3, maxRetries: 5, errorStatus: nil, error: "stream error")),
                .apiRetry(APIRetry(attempt: 1, maxRetries: 5, errorStatus: nil, error: nil)),
                .error(AgentError(message: "Reconnecting... soon")), .error(AgentError(message: "flat body")),
                .error(AgentError(message: "{not json")),
            ])
    }

    // MARK: - JSON shapes

    @Test func newFieldsAppearInJSONOnlyWhenSet() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ event: AgentEvent) throws -> String { String(decoding: try encoder.encode(event), as: UTF8.self) }
        #expect(
            try json(.toolResult(ToolResult(toolUseID: "c1", toolName: "shell", content: "x", isError: true, exitCode: 3)))
                == #"{"content":"x","exitCode":3,"isError":true,"toolName":"shell","toolUseID":"c1","type":"tool_result"}"#)
        #expect(
            try json(.toolResult(ToolResult(toolUseID: "t", toolName: "Bash", content: "", isError: false)))
                == #"{"content":"","isError":false,"toolName":"Bash","toolUseID":"t","type":"tool_result"}"#)
        let change = ToolUse(
            id: "p", name: "apply_patch", input: .object([:]), messageID: nil,
            changes: [EditedFile(path: "/w/a.txt", kind: .add)])
        #expect(
            try json(.toolUse(change))
                == #"{"changes":[{"kind":"add","path":"/w/a.txt"}],"id":"p","input":{},"name":"apply_patch","type":"tool_use"}"#)
        #expect(change.keyInput == "/w/a.txt")
        let old = #"{"id":"t","input":{"command":"ls"},"messageID":"m","name":"Bash","type":"tool_use"}"#
        #expect(
            try JSONDecoder().decode(AgentEvent.self, from: Data(old.utf8))
                == .toolUse(ToolUse(id: "t", name: "Bash", input: .object(["command": .string("ls")]), messageID: "m")))
    }
}
