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
            "-p", "fix it", "--output-format", "stream-json", "--verbose", "--model", "sonnet", "--permission-mode",
            "acceptEdits", "--allowedTools", "Bash,Edit", "--max-turns", "3", "--resume=-sess",
        ])
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
        #expect(c.standardInput?.count == 1_000_000)
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
