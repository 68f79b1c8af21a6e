extension AgentCommandBuilder {
    /// The Codex CLI command for one turn.
    ///
    /// Headless: `codex exec --json [--model M] SANDBOX --skip-git-repo-check -- PROMPT`, and for a
    /// follow-up `codex exec --json … resume -- THREAD_ID PROMPT` (the options go before `resume`,
    /// which takes them too; only the conversation carries over, so they are passed again). A
    /// prompt too long for argv is `-` and goes to stdin. Interactive: `codex [--model M] SANDBOX
    /// -- PROMPT`, or `codex … resume -- THREAD_ID PROMPT`.
    ///
    /// `--skip-git-repo-check` is always passed: a task's workspace need not be a git repository.
    /// The permission mode picks the sandbox (see `codexSandboxArguments(for:)`); `allowedTools`
    /// and `maxTurns` have no Codex equivalent and are not passed.
    static func codexCommand(
        for record: TaskRecord, prompt: String, resumeSession: String?, executable: String
    ) -> AgentCommand {
        let options = record.options
        var arguments: [String] = []
        let viaStdin = !options.interactive && prompt.utf8.count > maxArgumentPromptBytes
        if !options.interactive { arguments += ["exec", "--json"] }
        if let model = options.model { arguments += ["--model", model] }
        arguments += codexSandboxArguments(for: options.permissionMode ?? defaultPermissionMode)
        if !options.interactive { arguments.append("--skip-git-repo-check") }
        // `--` first: a prompt or id that starts with a dash cannot be read as a flag.
        if let resumeSession { arguments += ["resume", "--", resumeSession] } else { arguments.append("--") }
        arguments.append(viaStdin ? "-" : prompt)
        return AgentCommand(
            executable: executable, arguments: arguments, standardInput: viaStdin ? Array(prompt.utf8) : nil)
    }

    /// The Codex flags for a permission mode.
    ///
    /// Codex's own sandbox names (`read-only`, `workspace-write`, `danger-full-access`) become
    /// `--sandbox NAME`; `bypassPermissions` (the default: the task's sandbox is the boundary, as
    /// for Claude) becomes `--dangerously-bypass-approvals-and-sandbox`; Claude's `acceptEdits`
    /// maps to `workspace-write` and `plan`/`default` to `read-only`. Any other word is passed as
    /// `--sandbox WORD`, so Codex itself reports what it accepts.
    ///
    /// - Parameter mode: the task's permission mode.
    /// - Returns: the flags.
    public static func codexSandboxArguments(for mode: String) -> [String] {
        switch mode {
        case "bypassPermissions": return ["--dangerously-bypass-approvals-and-sandbox"]
        case "acceptEdits": return ["--sandbox", "workspace-write"]
        case "plan", "default": return ["--sandbox", "read-only"]
        default: return ["--sandbox", mode]
        }
    }
}
