import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeUI
import RClaudeStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rclaude run`: create a task and run it.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an agent on a prompt as a new task.",
        discussion: """
            Streams a readable view of what the agent does (use --json for the decoded events as \
            JSON lines). Exits 0 only when the task succeeded. Ctrl-C cancels the task.
            """)

    @Option(help: "The agent: claude, codex, gemini or shell.") var agent: AgentKind = .claude
    @Option(help: "Where the task runs: local, docker (DOCKER_HOST, RCLAUDE_DOCKER_IMAGE), or remote:NAME (a host added with 'rclaude remote add').")
    var provider: String = "local"
    @Option(help: "Run in this existing directory.") var workspace: String?
    @Option(help: "Run in a new git worktree of this repository, on a branch rclaude/<id>.") var repo: String?
    @Option(help: "The model (alias or id).") var model: String?
    @Option(help: "Claude's permission mode (default: bypassPermissions — the sandbox is the boundary).")
    var permissionMode: String?
    @Option(help: "Tools Claude may use without asking, comma-separated.") var allowedTools: String?
    @Option(help: "Stop after this many agent turns.") var maxTurns: Int?
    @Flag(help: "Run the agent's own interactive UI in a PTY (attach to it).") var interactive = false
    @Flag(help: "Start the task in the background and print its id.") var detach = false
    @Flag(help: "Print decoded events as JSON lines.") var json = false
    @Argument(help: "The prompt (for shell: the command line). '-' reads it from stdin.") var prompt: String

    func validate() throws {
        if workspace != nil && repo != nil {
            throw ValidationError("--workspace and --repo exclude each other: pass one of them")
        }
        if !["local", "docker"].contains(provider) && !provider.hasPrefix("remote:") {
            throw ValidationError("unknown provider '\(provider)': use 'local', 'docker' or 'remote:NAME' (see 'rclaude remote ls')")
        }
        if provider.hasPrefix("remote:") && (workspace != nil || repo != nil) {
            throw ValidationError("--workspace and --repo name local directories; a remote task gets a workspace on its host")
        }
        if let maxTurns, maxTurns < 1 { throw ValidationError("--max-turns must be at least 1") }
        if prompt.isEmpty { throw ValidationError("the prompt is empty: say what the agent should do") }
        if interactive && json { throw ValidationError("--json needs a headless run; drop --interactive") }
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        var promptText = prompt
        if prompt == "-" {
            promptText = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            guard !promptText.isEmpty else { throw ValidationError("stdin was empty: pipe the prompt in") }
        }
        let workspaceSpec: WorkspaceSpec
        if let workspace {
            let path = URL(fileURLWithPath: workspace).standardizedFileURL.path
            try CLIError.wrap { try WorkspaceValidator.requireWritableDirectory(path) }
            workspaceSpec = .directory(path: path)
        } else if let repo {
            workspaceSpec = .gitWorktree(repository: URL(fileURLWithPath: repo).standardizedFileURL.path)
        } else {
            workspaceSpec = .managed
        }
        let tools = allowedTools.map { $0.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) } ?? []
        let spec = TaskSpec(
            prompt: promptText, agent: agent, provider: provider, workspace: workspaceSpec,
            options: TaskOptions(
                model: model, permissionMode: permissionMode, allowedTools: tools, maxTurns: maxTurns,
                interactive: interactive))
        if provider.hasPrefix("remote:") {
            try await runRemote(spec, env: env)
            return
        }
        let record = try CLIError.wrap { try TaskFactory.create(spec, in: env.cache) }

        if detach || interactive {
            try CLIError.wrap { try env.service.launchSupervisor(record.id) }
            if detach {
                StandardStreams.out(json ? "{\"id\":\"\(record.id)\"}\n" : "\(record.id)\n")
                return
            }
            let code = try await AttachSession(env: env, id: record.id, detachKey: DetachKey.fromEnvironment(env.environment)).run()
            throw ExitCode(code)
        }

        let final = try await ForegroundRun(env: env, json: json).run(record.id)
        throw ExitCode(final.status == .succeeded ? 0 : 1)
    }

    private func runRemote(_ spec: TaskSpec, env: LiveEnvironment) async throws {
        let service = try CLIError.wrap { try RemoteTasks(env: env).service(provider: provider) }
        if interactive {
            let size = TerminalWidth.size() ?? TerminalSize(rows: 24, cols: 80)
            let record = try await CLIError.wrapAsync { try await service.startInteractive(spec, size: size) }
            let code = try await RemoteAttach(service: service, id: record.id, detachKey: DetachKey.fromEnvironment(env.environment)).run()
            throw ExitCode(code)
        }
        let record = try await CLIError.wrapAsync { try await service.start(spec) }
        if detach {
            StandardStreams.out(json ? "{\"id\":\"\(record.id)\"}\n" : "\(record.id)\n")
            return
        }
        let final = try await RemoteRun(env: env, service: service, json: json).follow(record.id, from: 0)
        throw ExitCode(final.status == .succeeded ? 0 : 1)
    }
}

extension AgentKind: ExpressibleByArgument {}

/// Runs a task's turn in this process, printing events as they come; Ctrl-C cancels.
struct ForegroundRun {
    let env: LiveEnvironment
    let json: Bool

    func run(_ id: TaskID) async throws -> TaskRecord {
        let record = try CLIError.wrap { try env.cache.load(id) }
        let provider = try CLIError.wrap { try env.supervisedProvider(named: record.provider) }
        let supervisor = TaskSupervisor(cache: env.cache, paths: env.paths, provider: provider)
        let printer = EventPrinter(json: json, color: StandardStreams.stdoutIsTerminal && env.environment["NO_COLOR"] == nil)
        if !json { StandardStreams.err("task \(id)\n") }
        let interrupt = InterruptWatcher {
            StandardStreams.err("\nrclaude: cancelling task \(id)…\n")
            supervisor.cancel()
        }
        defer { interrupt.stop() }
        let final = try await CLIError.wrapAsync {
            try await supervisor.run(id, onEvent: { event in printer.print(event) })
        }
        if !json { printer.printSummary(final) }
        return final
    }
}
