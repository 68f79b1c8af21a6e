import Foundation
import RClaudeCore
import Testing

@Suite struct CodexGeminiCommandTests {
    func command(
        _ agent: AgentKind, _ options: TaskOptions = TaskOptions(), prompt: String = "do it", resume: String? = nil
    ) -> AgentCommand {
        let record = TaskRecord(
            id: TaskID("abc")!, spec: TaskSpec(prompt: prompt, agent: agent, options: options), createdAt: Date())
        return AgentCommandBuilder.command(
            for: record, prompt: prompt, resumeSession: resume, executable: "/x/\(agent.rawValue)", runningAsRoot: true)
    }

    // MARK: - Codex

    @Test func codexHeadlessCommand() {
        let c = command(.codex, TaskOptions(model: "gpt-5.5", permissionMode: "workspace-write"), prompt: "fix it")
        #expect(c.executable == "/x/codex")
        #expect(
            c.arguments == [
                "exec", "--json", "--model", "gpt-5.5", "--sandbox", "workspace-write", "--skip-git-repo-check", "--",
                "fix it",
            ])
        #expect(c.standardInput == nil)
        #expect(c.environment.isEmpty, "codex needs no IS_SANDBOX, even as root")
        #expect(!c.mergeStderr)
    }

    @Test func codexDefaultBypassesItsSandboxLikeClaude() {
        #expect(
            command(.codex).arguments == [
                "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--", "do it",
            ])
    }

    @Test func codexResumeTakesTheThreadIDAfterTheOptions() {
        let c = command(.codex, TaskOptions(model: "m", permissionMode: "read-only"), prompt: "-more", resume: "-t1")
        #expect(
            c.arguments == [
                "exec", "--json", "--model", "m", "--sandbox", "read-only", "--skip-git-repo-check", "resume", "--", "-t1",
                "-more",
            ])
    }

    @Test func codexHugePromptGoesToStdin() {
        let big = String(repeating: "b", count: 200_000)
        let c = command(.codex, prompt: big, resume: "t1")
        #expect(c.arguments.last == "-")
        #expect(Array(c.arguments.suffix(4)) == ["resume", "--", "t1", "-"])
        #expect(c.standardInput == Array(big.utf8))
    }

    @Test func codexInteractiveRunsItsTUI() {
        let c = command(.codex, TaskOptions(model: "m", interactive: true), prompt: "hi")
        #expect(c.arguments == ["--model", "m", "--dangerously-bypass-approvals-and-sandbox", "--", "hi"])
        let resumed = command(.codex, TaskOptions(interactive: true), prompt: "again", resume: "t1")
        #expect(resumed.arguments == ["--dangerously-bypass-approvals-and-sandbox", "resume", "--", "t1", "again"])
    }

    @Test func codexSandboxMapping() {
        #expect(AgentCommandBuilder.codexSandboxArguments(for: "acceptEdits") == ["--sandbox", "workspace-write"])
        #expect(AgentCommandBuilder.codexSandboxArguments(for: "plan") == ["--sandbox", "read-only"])
        #expect(AgentCommandBuilder.codexSandboxArguments(for: "danger-full-access") == ["--sandbox", "danger-full-access"])
        #expect(
            AgentCommandBuilder.codexSandboxArguments(for: "bypassPermissions")
                == ["--dangerously-bypass-approvals-and-sandbox"])
    }

    // MARK: - Gemini

    @Test func geminiHeadlessCommand() {
        let c = command(.gemini, TaskOptions(model: "gemini-2.5-pro", permissionMode: "acceptEdits"), prompt: "-fix it")
        #expect(c.executable == "/x/gemini")
        #expect(
            c.arguments == [
                "--prompt=-fix it", "--output-format", "stream-json", "--model", "gemini-2.5-pro", "--approval-mode",
                "auto_edit",
            ])
        #expect(c.standardInput == nil)
    }

    @Test func geminiDefaultIsYoloAndResumeIsLatest() {
        #expect(
            command(.gemini, resume: "ignored-id").arguments == [
                "--prompt=do it", "--output-format", "stream-json", "--approval-mode", "yolo", "--resume", "latest",
            ])
    }

    @Test func geminiHugePromptGoesToStdin() {
        let big = String(repeating: "g", count: 70_000)
        let c = command(.gemini, prompt: big)
        #expect(c.arguments == ["--output-format", "stream-json", "--approval-mode", "yolo"])
        #expect(c.standardInput == Array(big.utf8))
    }

    @Test func geminiInteractive() {
        let c = command(.gemini, TaskOptions(permissionMode: "plan", interactive: true), prompt: "look")
        #expect(c.arguments == ["--approval-mode", "plan", "--prompt-interactive=look"])
    }

    // MARK: - Kinds and decoders

    @Test func everyAgentKindHasADecoderAndOnlyShellLacksAResult() {
        #expect(AgentKind.allCases.map(\.rawValue) == ["claude", "codex", "gemini", "shell"])
        #expect(AgentKind.allCases.filter(\.reportsResult) == [.claude, .codex, .gemini])
        var codex = makeDecoder(for: .codex)
        #expect(codex.decode(line: Array(#"{"type":"thread.started","thread_id":"t"}"#.utf8)).count == 1)
        var gemini = makeDecoder(for: .gemini)
        #expect(gemini.decode(line: Array(#"{"type":"init","session_id":"s","model":"m"}"#.utf8)).count == 1)
        var claude = makeDecoder(for: .claude)
        #expect(claude.finish() == [], "Claude's decoder holds nothing back")
    }
}
