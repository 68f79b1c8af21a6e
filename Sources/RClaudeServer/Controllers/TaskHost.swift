import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeStore

/// The server's view of its tasks: the local task service over the server's own cache, plus
/// the reads the REST API needs that are not live streams.
struct TaskHost: Sendable {
    let service: LocalTaskService
    let paths: StorePaths

    init(configuration: ServerConfiguration) throws {
        let cache = try JSONFileTaskCache(paths: configuration.paths)
        service = LocalTaskService(
            cache: cache, paths: configuration.paths, environment: configuration.environment,
            executablePath: configuration.executablePath)
        paths = configuration.paths
    }

    /// The task, or `notFound`.
    func record(_ id: TaskID) throws -> TaskRecord {
        let record = try service.cache.load(id)
        return TaskRecovery(cache: service.cache).reconcile([record]).first ?? record
    }

    /// Whether no more output or events will come for the task.
    func isFinished(_ id: TaskID) -> Bool {
        guard let record = try? record(id) else { return true }
        return record.status.isTerminal
    }

    /// The service with extra environment for the supervisor it launches (values never stored).
    func service(adding environment: [String: String]) -> LocalTaskService {
        guard !environment.isEmpty else { return service }
        return LocalTaskService(
            cache: service.cache, paths: paths, environment: service.environment.merging(environment) { _, new in new },
            executablePath: service.executablePath)
    }

    /// Up to `maxCount` bytes of the task's output from `offset`.
    func output(_ id: TaskID, from offset: OutputOffset, maxCount: Int) throws -> [UInt8] {
        (try? FileOutputStorage.read(path: paths.outputFile(id.rawValue), from: offset, maxCount: maxCount)) ?? []
    }

    /// The size of the task's output so far.
    func outputSize(_ id: TaskID) -> OutputOffset {
        var info = stat()
        guard stat(paths.outputFile(id.rawValue), &info) == 0 else { return 0 }
        return OutputOffset(info.st_size)
    }

    /// The task's events from `index` on (what has been written so far).
    func events(_ id: TaskID, from index: Int) -> [AgentEvent] {
        guard let bytes = try? PosixFile.read(paths.eventsFile(id.rawValue)) else { return [] }
        var splitter = LineSplitter()
        let lines = splitter.feed(bytes)  // a last line without its newline is still being written
        let decoder = JSONDecoder()
        return lines.dropFirst(index).map { line in
            (try? decoder.decode(AgentEvent.self, from: Data(line)))
                ?? .raw(RawLine(line: String(decoding: line, as: UTF8.self), note: "unreadable event"))
        }
    }
}
