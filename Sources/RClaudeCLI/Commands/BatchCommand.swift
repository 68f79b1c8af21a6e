import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

/// `rclaude batch FILE`: one task per prompt, all queued at once behind their providers' limits.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Start one task per prompt of a file (one per line, or a JSON list with per-task options).",
        discussion: """
            Every entry is checked before any task is created, so a bad line starts nothing. Tasks wait \
            as 'queued' until their provider has a free slot (providers.NAME.maxConcurrent in \
            config.json; local defaults to twice the number of cores, at least 4). Prints one task id per line. JSON items \
            are prompts or objects with "prompt" and any of: agent, provider, workspace, repo, base, \
            labels, model, permissionMode, allowedTools, maxTurns, restart.
            """)

    @Option(help: "The agent of entries that name none.") var agent: AgentKind = .claude
    @Option(help: "The provider of entries that name none (default: routing rules, then defaultProvider).")
    var provider: String?
    @Option(name: .customLong("label"), help: "A label added to every task (repeatable).") var labels: [String] = []
    @Option(help: "The model of entries that name none.") var model: String?
    @Option(help: "Restart policy of entries that name none: 'no' or 'on-failure:N'.") var restart: String?
    @Flag(help: "Wait until every task ended, then print a summary (exit 1 if any failed).") var wait = false
    @Flag(help: "Print {\"id\",\"provider\"} JSON lines (and JSON records with --wait).") var json = false
    @Argument(help: "The file ('-' reads stdin).") var file: String

    func run() async throws {
        let env = try LiveEnvironment.make()
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read '\(file)': check the path and its permissions")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let entries = try CLIError.wrap { try BatchFile.parse(text, source: file == "-" ? "stdin" : file) }
        let specs = try await plan(entries, env: env)
        var started: [(id: TaskID, provider: String)] = []
        for spec in specs {
            let id = try await start(spec, env: env)
            started.append((id, spec.provider))
            StandardStreams.out(json ? "{\"id\":\"\(id)\",\"provider\":\"\(spec.provider)\"}\n" : "\(id)\n")
        }
        if !json { StandardStreams.err("rclaude: \(started.count) tasks queued; 'rclaude ls' or 'rclaude tui' shows them\n") }
        guard wait else { return }
        let finals = try await waitForAll(started.map(\.id), env: env)
        if json {
            for record in finals { StandardStreams.out(JSONLines.encode(record) + "\n") }
        } else {
            StandardStreams.out(
                TaskTable.render(finals, now: Date(), width: TerminalWidth.current() ?? 100, color: StandardStreams.stdoutIsTerminal))
        }
        if finals.contains(where: { $0.status != .succeeded }) { throw ExitCode(1) }
    }

    /// Turns every entry into a spec, checking all of them before any task exists.
    func plan(_ entries: [BatchEntry], env: LiveEnvironment) async throws -> [TaskSpec] {
        var health: [String: ProviderHealth] = [:]
        var specs: [TaskSpec] = []
        for (index, entry) in entries.enumerated() {
            let where_ = "entry \(index + 1)"
            let explicit = entry.provider ?? provider
            if let explicit, !["local", "docker", "e2b"].contains(explicit) && !explicit.hasPrefix("remote:") {
                throw ValidationError("\(where_): unknown provider '\(explicit)': use local, docker, e2b or remote:NAME")
            }
            let repo = entry.repo.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let decision = try await CLIError.wrapAsync {
                try await ProviderRouter(config: env.config).route(
                    explicit: explicit, repository: repo, labels: labels + entry.labels,
                    health: { name in
                        if let known = health[name] { return known }
                        let result = await ProviderHealthChecker(env: env).check(name)
                        health[name] = result
                        return result
                    })
            }
            for notice in decision.notices { StandardStreams.warn("\(where_): \(notice)") }
            let workspace: WorkspaceSpec
            if let path = entry.workspace.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) {
                try CLIError.wrap { try WorkspaceValidator.requireWritableDirectory(path) }
                workspace = .directory(path: path)
            } else if let repo {
                workspace = .gitWorktree(repository: repo)
            } else {
                workspace = .managed
            }
            if decision.provider.hasPrefix("remote:") && workspace != .managed {
                throw ValidationError("\(where_): \(decision.provider) runs on another host; drop workspace/repo for it")
            }
            let restartLimit: Int?
            do {
                restartLimit = try RunCommand.restartLimit(entry.restart ?? restart)
            } catch {
                throw ValidationError("\(where_): \(error)")
            }
            specs.append(
                TaskSpec(
                    prompt: entry.prompt, agent: entry.agent ?? agent, provider: decision.provider, workspace: workspace,
                    options: TaskOptions(
                        model: entry.model ?? model, permissionMode: entry.permissionMode, allowedTools: entry.allowedTools ?? [],
                        maxTurns: entry.maxTurns, labels: labels + entry.labels, restartOnFailure: restartLimit,
                        baseRef: entry.base)))
        }
        return specs
    }

    func start(_ spec: TaskSpec, env: LiveEnvironment) async throws -> TaskID {
        if spec.provider.hasPrefix("remote:") {
            let service = try CLIError.wrap { try RemoteTasks(env: env).service(provider: spec.provider) }
            var spec = spec
            spec.environment = env.forwardedCredentials
            return try await CLIError.wrapAsync { try await service.start(spec) }.id
        }
        let record = try CLIError.wrap { try TaskFactory.create(spec, in: env.cache) }
        try CLIError.wrap { try env.service.launchSupervisor(record.id) }
        return record.id
    }

    func waitForAll(_ ids: [TaskID], env: LiveEnvironment) async throws -> [TaskRecord] {
        let all = try await env.allTasks()
        var pending = Set(ids)
        var finals: [TaskID: TaskRecord] = [:]
        for record in all where pending.contains(record.id) && record.status.isTerminal {
            finals[record.id] = record
            pending.remove(record.id)
        }
        while !pending.isEmpty {
            try await Task.sleep(for: .milliseconds(250))
            for record in try await env.allTasks() where pending.contains(record.id) && record.status.isTerminal {
                finals[record.id] = record
                pending.remove(record.id)
            }
        }
        return ids.compactMap { finals[$0] }
    }
}
