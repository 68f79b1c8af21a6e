import Foundation
import RClaudeCore
import RClaudeRemote

/// Remote hosts as the CLI uses them: each registered remote's service, and finding which
/// remote a task id belongs to when it is not a local task.
struct RemoteTasks {
    let services: [RemoteTaskService]

    /// The registered remotes whose token files are usable (others are reported on stderr).
    init(env: LiveEnvironment, warn: Bool = true) {
        let endpoints: [RemoteEndpoint]
        do {
            endpoints = try RemoteRegistry(paths: env.paths).all()
        } catch {
            if warn { StandardStreams.warn("\(error)") }
            endpoints = []
        }
        services = endpoints.compactMap { endpoint in
            do {
                return try RemoteTaskService(endpoint: endpoint)
            } catch {
                if warn { StandardStreams.warn("remote \(endpoint.name) is skipped: \(error)") }
                return nil
            }
        }
    }

    /// The service of `remote:NAME`.
    func service(provider: String) throws -> RemoteTaskService {
        let name = String(provider.dropFirst("remote:".count))
        guard let service = services.first(where: { $0.api.endpoint.name == name }) else {
            throw CoreError(code: .notFound, message: "no usable remote named '\(name)'; 'rclaude remote ls' lists them")
        }
        return service
    }

    /// Every remote's tasks; unreachable remotes become problems.
    func listAll() async -> (tasks: [TaskRecord], problems: [String]) {
        await withTaskGroup(of: (tasks: [TaskRecord], problems: [String]).self) { group in
            for service in services {
                group.addTask {
                    do {
                        let listing = try await service.list()
                        return (listing.tasks, listing.problems)
                    } catch {
                        return ([], ["\(error)"])
                    }
                }
            }
            var tasks: [TaskRecord] = []
            var problems: [String] = []
            for await result in group {
                tasks += result.tasks
                problems += result.problems
            }
            return (tasks, problems)
        }
    }

    /// The remote task `text` (an id or unique prefix) names, and its service.
    func locate(_ text: String) async throws -> (TaskRecord, RemoteTaskService) {
        var matches: [(TaskRecord, RemoteTaskService)] = []
        for service in services {
            guard let listing = try? await service.api.list() else { continue }
            for task in listing.tasks where task.id.rawValue.hasPrefix(text.lowercased()) { matches.append((task, service)) }
        }
        guard let first = matches.first else { throw CoreError.taskNotFound(text) }
        if matches.count > 1 {
            throw CoreError(
                code: .ambiguous, message: "'\(text)' matches \(matches.count) tasks (\(matches.map { $0.0.id.rawValue }.joined(separator: ", "))); type more of the id")
        }
        return first
    }
}

/// Where a task named on the command line lives.
enum LocatedTask {
    case local(TaskRecord)
    case remote(TaskRecord, RemoteTaskService)

    var record: TaskRecord {
        switch self {
        case .local(let record), .remote(let record, _): record
        }
    }
}

extension LiveEnvironment {
    /// The task `text` names: a local one, or (when none matches here) one on a remote host.
    func locate(_ text: String) async throws -> LocatedTask {
        do {
            return .local(try resolve(text))
        } catch let error as CoreError where error.code == .notFound {
            let remotes = RemoteTasks(env: self)
            guard !remotes.services.isEmpty else { throw CLIError.translate(error) }
            do {
                let (record, service) = try await remotes.locate(text)
                return .remote(record, service)
            } catch {
                throw CLIError.translate(error)
            }
        } catch {
            throw CLIError.translate(error)
        }
    }
}

extension LiveEnvironment {
    /// Every task: this machine's, and each registered remote's (an unreachable remote is
    /// reported on stderr; local tasks are listed regardless).
    func allTasks() async throws -> [TaskRecord] {
        var tasks = try CLIError.wrap { try loadTasks() }
        let remotes = RemoteTasks(env: self)
        if !remotes.services.isEmpty {
            let remote = await remotes.listAll()
            tasks += remote.tasks
            for problem in remote.problems { StandardStreams.warn(problem) }
        }
        return tasks
    }
}
