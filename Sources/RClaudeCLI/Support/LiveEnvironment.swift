import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeProviders
import RClaudeStore

/// The composition root: the one place live implementations are built and wired.
struct LiveEnvironment {
    let environment: [String: String]
    let paths: StorePaths
    let cache: JSONFileTaskCache
    let provider: LocalProvider
    /// The user's `config.json` (defaults when there is none).
    let config: RClaudeConfig

    /// Builds the live environment from the process environment.
    static func make() throws -> LiveEnvironment {
        let environment = ProcessInfo.processInfo.environment
        let paths = StorePaths.resolve(environment: environment)
        let cache = try JSONFileTaskCache(paths: paths)
        let config = try CLIError.wrap { try ConfigFile.load(environment: environment) }
        var provider = LocalProvider(paths: paths, environment: environment)
        provider.gitTokens = config.gitTokens.compactMapValues { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        return LiveEnvironment(environment: environment, paths: paths, cache: cache, provider: provider, config: config)
    }

    /// The queue slots of `provider`: its configured limit, or a default from this machine's cores.
    func slots(for provider: String) -> ProviderSlots {
        ProviderSlots(
            paths: paths, provider: provider,
            limit: config.concurrencyLimit(for: provider, cores: ProcessInfo.processInfo.activeProcessorCount))
    }

    /// A supervisor for one turn of task `record`, queued behind its provider's limit.
    func supervisor(for record: TaskRecord) throws -> TaskSupervisor {
        let provider = try CLIError.wrap { try supervisedProvider(named: record.provider) }
        let seconds = config.settings(for: record.provider).healthIntervalSeconds ?? 10
        return TaskSupervisor(
            cache: cache, paths: paths, provider: provider, slots: slots(for: record.provider),
            healthInterval: record.provider == "local" ? nil : .milliseconds(Int(seconds * 1000)))
    }

    /// Every task, with lost ones reconciled; damaged files are reported on stderr.
    func loadTasks() throws -> [TaskRecord] {
        let load = try cache.load()
        for problem in load.problems { StandardStreams.warn(problem) }
        return TaskRecovery(cache: cache).reconcile(load.tasks)
    }

    /// Resolves a user-typed id or prefix to a task.
    func resolve(_ text: String) throws -> TaskRecord {
        let load = try cache.load()
        for problem in load.problems { StandardStreams.warn(problem) }
        let id = try TaskIDResolver.resolve(text, among: load.tasks.map(\.id))
        let record = try cache.load(id)
        return TaskRecovery(cache: cache).reconcile([record])[0]
    }

    /// The task service over this environment (background supervisors run this executable).
    var service: LocalTaskService {
        var service = LocalTaskService(
            cache: cache, paths: paths, environment: environment, executablePath: executablePath)
        service.initialTerminalSize = TerminalWidth.size()
        let environment = self.environment
        service.cloudSandboxRemover = { task in
            guard task.provider == "e2b" else { return }
            try await E2BProvider(environment: environment).removeSandbox(for: task.id)
        }
        service.cloudSnapshotter = Self.e2bSnapshotter(environment)
        return service
    }

    /// The provider that runs turns of tasks started with `provider` (`local` or `docker`).
    ///
    /// - Throws: `CoreError` for a provider that cannot run here (remote tasks run on their host).
    func supervisedProvider(named provider: String) throws -> any SupervisedProvider {
        switch provider {
        case "local": return self.provider
        case "docker":
            var docker = try DockerProvider(environment: environment)
            docker = DockerProvider(client: docker.client, options: docker.options.forwarding(forwardedCredentials))
            return docker
        case "e2b":
            return try E2BProvider(environment: environment).forwarding(forwardedCredentials)
        default:
            throw CoreError(code: .invalidInput, message: "provider '\(provider)' cannot run tasks here; use local, docker, e2b, ecs or remote:NAME")
        }
    }

    /// The credentials config.json forwards into sandboxes (ANTHROPIC_API_KEY, tokens…) that are
    /// set here, by name. They go into the sandbox's environment at start and nowhere else.
    var forwardedCredentials: [String: String] {
        var forwarded: [String: String] = [:]
        for name in config.forwardedCredentials {
            if let value = environment[name], !value.isEmpty { forwarded[name] = value }
        }
        return forwarded
    }

    /// Diffs and bundles of --repo tasks on this machine (docker tasks through the archive API).
    var changes: TaskChanges {
        TaskChanges(
            environment: environment, docker: try? DockerProvider(environment: environment),
            snapshotter: Self.e2bSnapshotter(environment))
    }

    /// Copies an e2b task's workspace here through envd.
    static func e2bSnapshotter(_ environment: [String: String]) -> @Sendable (TaskRecord) async throws -> WorkspaceSnapshot {
        { record in
            guard record.provider == "e2b", let path = record.workspacePath else {
                throw CoreError(code: .invalidState, message: "task \(record.id) has no sandbox workspace yet")
            }
            return try await E2BProvider(environment: environment).snapshot(of: path, environment: environment)
        }
    }

    /// The path of the running rclaude executable (to start supervisors).
    var executablePath: String {
        let fromProc = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return fromProc.isEmpty ? CommandLine.arguments[0] : fromProc
    }
}

extension LiveEnvironment {
    /// The health of a cloud provider (`ecs`, `e2b`); unknown names are unhealthy with the fix.
    func cloudHealth(_ provider: String) async throws -> ProviderHealth {
        switch provider {
        case "ecs": return try await ECSSandboxes(env: self).health()
        case "e2b":
            _ = try await E2BProvider(environment: environment).client.listSandboxes()
            return .healthy
        default: return .unhealthy("unknown provider '\(provider)'; use local, docker, ecs, e2b or remote:NAME")
        }
    }
}
