/// Builds the command line that runs an agent for a task turn. Pure: binary lookup and the
/// environment happen in the provider.
public enum AgentCommandBuilder {
    /// The permission mode used when the user did not choose one: headless tasks cannot answer
    /// permission prompts, so they run with the sandbox as their boundary.
    public static let defaultPermissionMode = "bypassPermissions"

    /// Prompts longer than this (in UTF-8 bytes) go to the agent's stdin: Linux refuses a
    /// single argument over 128 KiB.
    public static let maxArgumentPromptBytes = 64 * 1024

    /// The command for one turn of `record`.
    ///
    /// - Parameters:
    ///   - record: the task.
    ///   - prompt: this turn's prompt (the first prompt or a follow-up).
    ///   - resumeSession: the agent session to resume (follow-ups).
    ///   - executable: the resolved agent binary.
    ///   - runningAsRoot: whether the agent will run as uid 0 (Claude refuses to bypass
    ///     permissions as root unless told it is in a sandbox).
    public static func command(
        for record: TaskRecord, prompt: String, resumeSession: String?, executable: String, runningAsRoot: Bool
    ) -> AgentCommand {
        switch record.agent {
        case .shell:
            if prompt.utf8.count > maxArgumentPromptBytes {
                return AgentCommand(
                    executable: "/bin/sh", arguments: ["-s"], mergeStderr: true, standardInput: Array(prompt.utf8))
            }
            return AgentCommand(executable: "/bin/sh", arguments: ["-c", prompt], mergeStderr: true)
        case .claude:
            let options = record.options
            var arguments: [String] = []
            if !options.interactive {
                // The prompt goes in as a stream-json user message on stdin, which stays open: the
                // supervisor answers permission requests and sends interrupts on it (the control
                // protocol), and closes it after the turn's result.
                arguments += ["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose"]
                arguments += ["--permission-prompt-tool", "stdio"]
            }
            if let model = options.model { arguments += ["--model", model] }
            let mode = options.permissionMode ?? defaultPermissionMode
            arguments += ["--permission-mode", mode]
            if !options.allowedTools.isEmpty { arguments += ["--allowedTools", options.allowedTools.joined(separator: ",")] }
            if let maxTurns = options.maxTurns { arguments += ["--max-turns", String(maxTurns)] }
            // `=` form: an id that starts with a dash cannot be read as a flag.
            if let resumeSession { arguments.append("--resume=\(resumeSession)") }
            if options.interactive {
                // The interactive UI takes its first prompt as a positional argument.
                arguments += ["--", prompt]
            }
            var environment: [String: String] = [:]
            if runningAsRoot && mode == "bypassPermissions" { environment["IS_SANDBOX"] = "1" }
            return AgentCommand(
                executable: executable, arguments: arguments, environment: environment,
                removedEnvironment: ["CLAUDECODE"],
                conversationInput: options.interactive ? nil : ClaudeControlProtocol.userMessage(prompt))
        case .codex:
            return codexCommand(for: record, prompt: prompt, resumeSession: resumeSession, executable: executable)
        case .gemini:
            return geminiCommand(for: record, prompt: prompt, resumeSession: resumeSession, executable: executable)
        }
    }
}
