import Foundation
import RClaudeCore
import Testing

@Suite struct AgentCommandBuilderTests {
    func record(_ agent: AgentKind, _ options: TaskOptions = TaskOptions(), prompt: String = "do it") -> TaskRecord {
        TaskRecord(id: TaskID("abc")!, spec: TaskSpec(prompt: prompt, agent: agent, options: options), createdAt: Date())
    }

    @Test func claudeHeadlessCommandCarriesEveryOption() {
        let options = TaskOptions(model: "sonnet", permissionMode: "acceptEdits", allowedTools: ["Bash", "Edit"], maxTurns: 3)
        let c = AgentCommandBuilder.command(
            for: record(.claude, options), prompt: "fix it", resumeSession: "-sess", executable: "/x/claude", runningAsRoot: true)
        #expect(c.executable == "/x/claude")
        #expect(c.arguments == [
            "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool",
            "stdio", "--model", "sonnet", "--permission-mode", "acceptEdits", "--allowedTools", "Bash,Edit", "--max-turns", "3",
            "--resume=-sess",
        ])
        // The prompt is the first user message of the stdin conversation.
        let message = try? JSONSerialization.jsonObject(with: Data(c.conversationInput ?? [])) as? [String: Any]
        #expect(message?["type"] as? String == "user")
        #expect((message?["message"] as? [String: Any])?["content"] as? String == "fix it")
        #expect(c.conversationInput?.last == 0x0A)
        #expect(c.standardInput == nil)
        #expect(c.environment["IS_SANDBOX"] == nil, "only bypassPermissions needs the sandbox flag")
        #expect(c.removedEnvironment.contains("CLAUDECODE"))
    }

    @Test func rootBypassGetsSandboxFlag() {
        let c = AgentCommandBuilder.command(
            for: record(.claude), prompt: "p", resumeSession: nil, executable: "claude", runningAsRoot: true)
        #expect(c.arguments.contains("bypassPermissions"))
        #expect(c.environment["IS_SANDBOX"] == "1")
        let user = AgentCommandBuilder.command(
            for: record(.claude), prompt: "p", resumeSession: nil, executable: "claude", runningAsRoot: false)
        #expect(user.environment["IS_SANDBOX"] == nil)
    }

    @Test func hugePromptsGoThroughStdin() {
        let big = String(repeating: "a", count: 1_000_000)
        let c = AgentCommandBuilder.command(
            for: record(.claude, prompt: big), prompt: big, resumeSession: nil, executable: "claude", runningAsRoot: false)
        #expect(!c.arguments.contains(big))
        #expect(c.arguments.first == "-p")
        #expect((c.conversationInput?.count ?? 0) > 1_000_000)
        let s = AgentCommandBuilder.command(
            for: record(.shell, prompt: big), prompt: big, resumeSession: nil, executable: "/bin/sh", runningAsRoot: false)
        #expect(s.arguments == ["-s"])
        #expect(s.standardInput?.count == 1_000_000)
    }

    @Test func shellAndInteractive() {
        let s = AgentCommandBuilder.command(
            for: record(.shell), prompt: "echo hi", resumeSession: nil, executable: "/bin/sh", runningAsRoot: false)
        #expect(s.arguments == ["-c", "echo hi"])
        #expect(s.mergeStderr)
        let i = AgentCommandBuilder.command(
            for: record(.claude, TaskOptions(interactive: true)), prompt: "hello", resumeSession: nil, executable: "claude",
            runningAsRoot: false)
        #expect(!i.arguments.contains("-p"))
        #expect(i.arguments.suffix(2) == ["--", "hello"])
    }
}

@Suite struct ClaudeControlProtocolTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func permissionRequestsAreReadWithASummaryAndAnsweredInKind() throws {
        let line = Array(
            #"{"type":"control_request","request_id":"req-7","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"rm -rf build","description":"clean"},"tool_use_id":"t1"}}"#
                .utf8)
        guard case .permission(let request, let input) = ClaudeControlProtocol.request(in: line, now: now) else {
            Issue.record("not read as a permission request")
            return
        }
        #expect(request.requestID == "req-7")
        #expect(request.toolName == "Bash")
        #expect(request.summary == "rm -rf build")
        #expect(request.input.contains("\"command\":\"rm -rf build\""))
        let allow = try #require(try JSONSerialization.jsonObject(with: Data(ClaudeControlProtocol.allow("req-7", input: input))) as? [String: Any])
        let response = try #require(allow["response"] as? [String: Any])
        #expect(allow["type"] as? String == "control_response")
        #expect(response["request_id"] as? String == "req-7")
        #expect((response["response"] as? [String: Any])?["behavior"] as? String == "allow")
        #expect(((response["response"] as? [String: Any])?["updatedInput"] as? [String: Any])?["command"] as? String == "rm -rf build")
        let deny = try #require(try JSONSerialization.jsonObject(with: Data(ClaudeControlProtocol.deny("req-7", message: "no"))) as? [String: Any])
        #expect(((deny["response"] as? [String: Any])?["response"] as? [String: Any])?["message"] as? String == "no")
    }

    @Test func otherLinesAreNotControlMessages() {
        let lines = [
            #"{"type":"assistant","message":{"content":[{"type":"text","text":"see \"control_request\" in the docs"}]}}"#,
            #"{"type":"result","is_error":false}"#, "not json at all, but long enough", "",
        ]
        for line in lines { #expect(ClaudeControlProtocol.request(in: Array(line.utf8), now: now) == nil, "\(line)") }
        let ack = #"{"type":"control_response","response":{"subtype":"success","request_id":"x"}}"#
        #expect(ClaudeControlProtocol.request(in: Array(ack.utf8), now: now) == .acknowledgement)
        let cancel = #"{"type":"control_cancel_request","request_id":"req-7"}"#
        #expect(ClaudeControlProtocol.request(in: Array(cancel.utf8), now: now) == .cancelled(requestID: "req-7"))
        let other = #"{"type":"control_request","request_id":"h1","request":{"subtype":"hook_callback"}}"#
        #expect(ClaudeControlProtocol.request(in: Array(other.utf8), now: now) == .unsupported(requestID: "h1", subtype: "hook_callback"))
    }
}
