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
    @Option(
        help: "Where the task runs: local, docker (DOCKER_HOST, RCLAUDE_DOCKER_IMAGE), ecs (an ECS task serving rclaude; providers.ecs in config.json), e2b (E2B_API_KEY, RCLAUDE_E2B_TEMPLATE), or remote:NAME (a host added with 'rclaude remote add'). Default: config.json's routing rules, then its defaultProvider (local).")
    var provider: String?
    @Option(help: "Run in this existing directory.") var workspace: String?
    @Option(
        help: "Work on a branch rclaude/<id> of this repository: a local path (a git worktree here; a bundle of its committed history for other providers) or a URL to clone (credentials.gitTokens in config.json).")
    var repo: String?
    @Option(help: "The ref of --repo the agent's branch starts from (default: HEAD).") var base: String?
    @Option(name: .customLong("label"), help: "A label for routing rules and the dashboard (repeatable).")
    var labels: [String] = []
    @Option(help: "Restart policy: 'no' (default) or 'on-failure:N' to rerun a failed turn up to N times.")
    var restart: String?
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
        if let provider, !["local", "docker", "ecs", "e2b"].contains(provider) && !provider.hasPrefix("remote:") {
            throw ValidationError("unknown provider '\(provider)': use 'local', 'docker', 'ecs', 'e2b' or 'remote:NAME' (see 'rclaude remote ls')")
        }
        _ = try Self.restartLimit(restart)
        if base != nil && repo == nil { throw ValidationError("--base names a ref of --repo; pass --repo too") }
        if let bad = labels.first(where: { $0.isEmpty || $0.contains(where: { $0.isWhitespace || $0 == "," }) }) {
            throw ValidationError("label '\(bad)' must be one word without spaces or commas")
        }
        if let provider, provider.hasPrefix("remote:") && workspace != nil {
            throw ValidationError("--workspace names a local directory; a remote task gets a workspace on its host (--repo travels as a git bundle)")
        }
        if let maxTurns, maxTurns < 1 { throw ValidationError("--max-turns must be at least 1") }
        if prompt.isEmpty { throw ValidationError("the prompt is empty: say what the agent should do") }
        if interactive && json { throw ValidationError("--json needs a headless run; drop --interactive") }
    }

    /// The restart limit of `--restart`: nil for `no`, N for `on-failure:N`.
    static func restartLimit(_ text: String?) throws -> Int? {
        guard let text, text != "no" else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "on-failure", let limit = Int(parts[1]), (1...100).contains(limit) else {
            throw ValidationError("--restart must be 'no' or 'on-failure:N' with N from 1 to 100 (got '\(text)')")
        }
        return limit
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        let decision = try await CLIError.wrapAsync {
            try await ProviderRouter(config: env.config).route(
                explicit: provider,
                repository: repo.map { GitWorkspaceSeeder.isCloneURL($0) ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path },
                labels: labels,
                health: { await ProviderHealthChecker(env: env).check($0) })
        }
        for notice in decision.notices { StandardStreams.warn(notice) }
        let chosen = decision.provider
        if chosen.hasPrefix("remote:") && workspace != nil {
            throw ValidationError("\(chosen) (\(decision.reason)) runs on another host; --workspace names a local directory")
        }
        // A repository is checked before any task exists: a bad path or base ref stops here.
        let repoURL = repo.flatMap { GitWorkspaceSeeder.isCloneURL($0) ? $0 : nil }
        if repoURL != nil && (chosen != "local") {
            throw ValidationError("--repo URL clones run on the local provider for now; clone it and pass the path for \(chosen)")
        }
        let snapshot = try await (repoURL == nil ? repo : nil).asyncMap { path in
            try await CLIError.wrapAsync {
                try await GitRepositoryInspector(git: try GitRunner(environment: env.environment))
                    .inspect(path: URL(fileURLWithPath: path).standardizedFileURL.path, base: base ?? "HEAD")
            }
        }
        if let snapshot, snapshot.hasUncarriedWork { StandardStreams.warn(snapshot.carriedSummary) }
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
        } else if let snapshot {
            workspaceSpec = .gitWorktree(repository: snapshot.toplevel)
        } else if let repoURL {
            workspaceSpec = .gitWorktree(repository: repoURL)
        } else {
            workspaceSpec = .managed
        }
        let tools = allowedTools.map { $0.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) } ?? []
        let spec = TaskSpec(
            prompt: promptText, agent: agent, provider: chosen, workspace: workspaceSpec,
            options: TaskOptions(
                model: model, permissionMode: permissionMode, allowedTools: tools, maxTurns: maxTurns,
                interactive: interactive, labels: labels, restartOnFailure: try Self.restartLimit(restart), baseRef: base))
        if chosen.hasPrefix("remote:") {
            try await runRemote(spec, provider: chosen, repository: snapshot, env: env)
            return
        }
        if chosen == "ecs" {
            try await runInECS(spec, repository: snapshot, env: env)
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

    /// Runs the task in a fresh ECS task serving rclaude, stopped when the run ends (kept with --detach).
    private func runInECS(_ spec: TaskSpec, repository: RepositorySnapshot?, env: LiveEnvironment) async throws {
        if workspace != nil { throw ValidationError("--workspace names a local directory; an ECS task gets its own workspace") }
        let sandboxes = ECSSandboxes(env: env)
        let remote = try await CLIError.wrapAsync { try await sandboxes.launch() }.provider
        let name = String(remote.dropFirst("remote:".count))
        var spec = spec
        spec.provider = remote
        do {
            try await runRemote(spec, provider: remote, repository: repository, env: env)
        } catch {
            if !detach { await sandboxes.release(remote: name) }
            throw error
        }
        if detach {
            StandardStreams.err("rclaude: the ECS task keeps running for follow-ups; 'rclaude remote rm \(name)' stops it\n")
        } else {
            await sandboxes.release(remote: name)
        }
    }

    private func runRemote(_ spec: TaskSpec, provider: String, repository: RepositorySnapshot?, env: LiveEnvironment) async throws {
        var spec = spec
        spec.environment = env.forwardedCredentials.merging(spec.environment) { _, own in own }
        if let repository {
            if interactive { throw ValidationError("--repo with a remote provider runs headless; drop --interactive") }
            let service = try CLIError.wrap { try RemoteTasks(env: env).service(provider: provider) }
            let upload = try await CLIError.wrapAsync { try await RepositoryUpload(env: env).upload(repository, to: service) }
            let record = try await CLIError.wrapAsync {
                try await service.start(spec, repository: upload.id, baseCommit: repository.baseCommit)
            }
            if detach {
                StandardStreams.out(json ? "{\"id\":\"\(record.id)\"}\n" : "\(record.id)\n")
                return
            }
            let final = try await RemoteRun(env: env, service: service, json: json).follow(record.id, from: 0)
            throw ExitCode(final.status == .succeeded ? 0 : 1)
        }
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
        let supervisor = try env.supervisor(for: record)
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
