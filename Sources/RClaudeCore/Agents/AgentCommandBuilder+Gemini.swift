extension AgentCommandBuilder {
    /// The Gemini CLI command for one turn.
    ///
    /// Headless: `gemini --prompt=PROMPT --output-format stream-json [--model M] --approval-mode
    /// MODE [--resume latest]` (the `=` form: a prompt that starts with a dash stays a prompt). A
    /// prompt too long for argv goes to stdin with no `--prompt` (Gemini runs headless whenever
    /// stdin is not a terminal). Interactive: `gemini [--model M] --approval-mode MODE
    /// [--resume latest] --prompt-interactive=PROMPT`.
    ///
    /// Gemini resumes by index or `latest`, not by session id; a task's workspace holds only its
    /// own sessions, so a follow-up resumes `latest`. The permission mode maps to
    /// `--approval-mode` (see `geminiApprovalMode(for:)`); `allowedTools` and `maxTurns` are not
    /// passed.
    static func geminiCommand(
        for record: TaskRecord, prompt: String, resumeSession: String?, executable: String
    ) -> AgentCommand {
        let options = record.options
        var arguments: [String] = []
        let viaStdin = !options.interactive && prompt.utf8.count > maxArgumentPromptBytes
        if !options.interactive {
            if !viaStdin { arguments.append("--prompt=\(prompt)") }
            arguments += ["--output-format", "stream-json"]
        }
        if let model = options.model { arguments += ["--model", model] }
        arguments += ["--approval-mode", geminiApprovalMode(for: options.permissionMode ?? defaultPermissionMode)]
        if resumeSession != nil { arguments += ["--resume", "latest"] }
        if options.interactive { arguments.append("--prompt-interactive=\(prompt)") }
        return AgentCommand(
            executable: executable, arguments: arguments, standardInput: viaStdin ? Array(prompt.utf8) : nil)
    }

    /// Gemini's `--approval-mode` for a permission mode: `bypassPermissions` (the default) is
    /// `yolo`, `acceptEdits` is `auto_edit`, and Gemini's own words (`default`, `auto_edit`,
    /// `yolo`, `plan`) pass through.
    ///
    /// - Parameter mode: the task's permission mode.
    /// - Returns: the approval mode.
    public static func geminiApprovalMode(for mode: String) -> String {
        switch mode {
        case "bypassPermissions": return "yolo"
        case "acceptEdits": return "auto_edit"
        default: return mode
        }
    }
}
