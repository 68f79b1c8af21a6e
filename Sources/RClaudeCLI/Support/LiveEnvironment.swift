import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeStore

/// The composition root: the one place live implementations are built and wired.
struct LiveEnvironment {
    let environment: [String: String]
    let paths: StorePaths
    let cache: JSONFileTaskCache
    let provider: LocalProvider

    /// Builds the live environment from the process environment.
    static func make() throws -> LiveEnvironment {
        let environment = ProcessInfo.processInfo.environment
        let paths = StorePaths.resolve(environment: environment)
        let cache = try JSONFileTaskCache(paths: paths)
        return LiveEnvironment(
            environment: environment, paths: paths, cache: cache,
            provider: LocalProvider(paths: paths, environment: environment))
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
        return service
    }

    /// The provider that runs turns of tasks started with `provider` (`local` or `docker`).
    ///
    /// - Throws: `CoreError` for a provider that cannot run here (remote tasks run on their host).
    func supervisedProvider(named provider: String) throws -> any SupervisedProvider {
        switch provider {
        case "local": return self.provider
        case "docker": return try DockerProvider(environment: environment)
        default:
            throw CoreError(code: .invalidInput, message: "provider '\(provider)' cannot run tasks here; use local, docker or remote:NAME")
        }
    }

    /// The path of the running rclaude executable (to start supervisors).
    var executablePath: String {
        let fromProc = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return fromProc.isEmpty ? CommandLine.arguments[0] : fromProc
    }
}
