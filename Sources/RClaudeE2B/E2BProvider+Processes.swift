import Foundation
import RClaudeCore

// MARK: - Processes

extension E2BProvider {
    /// Starts `command` in the sandbox's workspace: with `terminal`, under a PTY of that size.
    ///
    /// - Returns: the running process, once envd reported its pid.
    /// - Throws: `CoreError` when the sandbox is gone, envd is unreachable or refuses to start
    ///   the command (e.g. a missing working directory).
    public func start(_ command: AgentCommand, in sandbox: E2BSandboxReference, terminal: TerminalSize?) async throws
        -> E2BProcess
    {
        let envd = try await envdClient(for: sandbox.sandboxID)
        let tty = terminal != nil
        let keepsStdin = tty || command.standardInput != nil || command.conversationInput != nil
        let request = EnvdStartRequest(
            process: processConfig(for: command, cwd: sandbox.workspacePath, tty: tty),
            pty: terminal.map { EnvdPTY(cols: $0.cols, rows: $0.rows) }, stdin: keepsStdin)
        let client = self.client
        let sandboxID = sandbox.sandboxID
        let process = E2BProcess(
            sandboxID: sandboxID, tty: tty, envd: envd, events: envd.startProcess(request),
            explainLoss: { detail in await Self.explainLoss(detail, sandboxID: sandboxID, client: client) })
        _ = try await process.started(within: options.startTimeout)
        process.feedInitialInput(of: command, tty: tty)
        return process
    }

    /// The envd process for `command`: a shell that drops `removedEnvironment`, merges stderr
    /// when asked (headless only) and then `exec`s the program with its arguments untouched.
    public func processConfig(for command: AgentCommand, cwd: String, tty: Bool) -> EnvdProcessConfig {
        var environment = options.forwardedEnvironment.merging(command.environment) { _, own in own }
        if tty {
            if environment["TERM"] == nil { environment["TERM"] = "xterm-256color" }
            if environment["LANG"] == nil { environment["LANG"] = "C.UTF-8" }
        }
        var script = ""
        let removed = command.removedEnvironment.filter(ShellQuote.isVariableName)
        if !removed.isEmpty { script += "unset " + removed.joined(separator: " ") + "; " }
        script += "exec \"$0\" \"$@\""
        if command.mergeStderr && !tty { script += " 2>&1" }
        let shell = options.loginShell ? ("/bin/bash", ["-l", "-c"]) : ("/bin/sh", ["-c"])
        return EnvdProcessConfig(
            cmd: shell.0, args: shell.1 + [script, command.executable] + command.arguments, envs: environment, cwd: cwd)
    }

    /// Runs `script` with `/bin/sh` in directory `cwd` of the sandbox and collects its output.
    ///
    /// - Returns: the exit status and stdout followed by stderr.
    func runScript(_ script: String, envd: EnvdClient, cwd: String) async throws -> (ProcessExit, [UInt8]) {
        let client = self.client
        let sandboxID = envd.sandboxID
        let process = E2BProcess(
            sandboxID: sandboxID, tty: false, envd: envd,
            events: envd.startProcess(
                EnvdStartRequest(
                    process: EnvdProcessConfig(cmd: "/bin/sh", args: ["-c", script], cwd: cwd), stdin: false)),
            explainLoss: { detail in await Self.explainLoss(detail, sandboxID: sandboxID, client: client) })
        _ = try await process.started(within: options.startTimeout)
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        for await chunk in process.output {
            if chunk.stream == .stdout { stdout += chunk.bytes } else { stderr += chunk.bytes }
        }
        return (await process.wait(), stdout + stderr)
    }

    /// Why a process stream stopped without an `end` event, asking the control plane
    /// whether the sandbox still exists.
    static func explainLoss(_ detail: String, sandboxID: String, client: E2BClient) async -> String {
        do {
            let sandbox = try await client.sandbox(sandboxID)
            if sandbox.state == .paused {
                return "E2B sandbox \(sandboxID) was paused, which cut the process's stream (\(detail)); "
                    + "the next run resumes the sandbox"
            }
            let left = Int(sandbox.timeRemaining().components.seconds)
            return "lost the process's stream from E2B sandbox \(sandboxID) (\(detail)); the sandbox still runs "
                + "(\(left) s left) and the process may too"
        } catch let error as CoreError where error.code == .notFound {
            return
                "E2B sandbox \(sandboxID) no longer exists (killed or timed out), so the process ended with it (\(detail))"
        } catch {
            return "lost the process's stream from E2B sandbox \(sandboxID) (\(detail)), and E2B could not say why: "
                + E2BErrors.message(of: error)
        }
    }
}
