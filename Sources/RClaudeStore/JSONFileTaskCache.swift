import Foundation
import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The task cache as JSON files: `tasks/<id>/task.json`, one file per task.
///
/// - Writes are atomic (temp file, fsync, rename, fsync of the directory), so a crash or a full
///   disk leaves either the old or the new record, never a torn one.
/// - Read-modify-write (`update`) holds a per-task `flock`, so two rclaude processes changing
///   the same task lose nothing; different tasks never contend.
/// - A record that cannot be read is moved, with its whole task folder, to `damaged/` and
///   reported; every other task still loads.
/// - Loading reads every `task.json` in parallel and decodes it with `TaskRecordFastDecoder`,
///   which reads records exactly as `JSONDecoder` would; anything it does not read exactly (older or
///   newer schemas, unknown fields, damage) goes through `TaskRecordMigrator` and `JSONDecoder`.
/// - Files are created 0600 and directories 0700. Records hold no secrets by construction.
public final class JSONFileTaskCache: TaskCache {
    /// Where the files live.
    public let paths: StorePaths
    private let encoder: JSONEncoder
    private let decoder: JSONDecoder

    /// Opens (and if needed creates) the cache.
    ///
    /// - Throws: `CoreError` `.storage` when the directories cannot be created.
    public init(paths: StorePaths) throws {
        self.paths = paths
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        umask(0o077)
        try PosixFile.makeDirectory(paths.tasksDirectory)
    }

    // MARK: - Loading

    public func load() throws -> TaskCacheLoad {
        let names = PosixFile.list(paths.tasksDirectory).filter { !$0.hasPrefix(".") && TaskID($0) != nil }
        // Reading and decoding thousands of small files is CPU-bound: spread it over the cores,
        // one slice (and one decoder) per worker.
        let workers = names.count < 256 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let slices = LoadSlices(count: workers)
        // Files are opened relative to the tasks directory, so the kernel walks its path once.
        let directory = open(paths.tasksDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if directory >= 0 { close(directory) } }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            var tasks: [TaskRecord] = []
            var problems: [String] = []
            var index = worker
            while index < names.count {
                do {
                    if let record = try loadIfPresent(names[index], decoder: decoder, directory: directory) {
                        tasks.append(record)
                    }
                } catch let error as CoreError {
                    problems.append(error.message)
                } catch {
                    problems.append("task \(names[index]): \(error)")
                }
                index += workers
            }
            slices.set(worker, tasks: tasks, problems: problems)
        }
        return slices.merged()
    }

    public func load(_ id: TaskID) throws -> TaskRecord {
        guard let record = try loadIfPresent(id.rawValue) else { throw CoreError.taskNotFound(id.rawValue) }
        return record
    }

    /// Reads one record; `nil` when its folder or file does not exist.
    ///
    /// - Parameter directory: an open descriptor of the tasks directory, to open the file
    ///   relative to it; otherwise (a negative value) the file is opened by its full path.
    private func loadIfPresent(_ name: String, decoder: JSONDecoder? = nil, directory: Int32 = -1) throws -> TaskRecord? {
        let decoder = decoder ?? self.decoder
        let bytes: [UInt8]
        do {
            bytes = directory >= 0
                ? try PosixFile.read(name + "/task.json", relativeTo: directory, describedAs: paths.taskFile(name))
                : try PosixFile.read(paths.taskFile(name))
        } catch {
            if !PosixFile.exists(paths.taskFile(name)) { return nil }
            throw error
        }
        do {
            let (record, migrated) = try TaskRecordMigrator.decode(bytes, decoder: decoder)
            guard record.id.rawValue == name else {
                throw CoreError(code: .damaged, message: "its id '\(record.id)' does not match its folder")
            }
            if migrated { try? PosixFile.writeAtomically(paths.taskFile(name), try encode(record)) }
            return record
        } catch let error as CoreError where error.code == .unsupportedVersion {
            throw CoreError(code: .unsupportedVersion, message: "task \(name): \(error.message)")
        } catch let error as CoreError {
            let moved = quarantine(name)
            throw CoreError(
                code: .damaged,
                message: "task \(name) is damaged: task.json is \(error.message); \(moved)")
        }
    }

    /// Moves a damaged task's folder aside and says where it went.
    private func quarantine(_ name: String) -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let destination = "\(paths.quarantineDirectory)/\(name)-\(stamp)-\(getpid())"
        do {
            try PosixFile.makeDirectory(paths.quarantineDirectory)
            if rename(paths.taskDirectory(name), destination) == 0 {
                PosixFile.syncDirectory(paths.tasksDirectory)
                return "its folder (with its output) was moved to \(destination); fix or delete it there"
            }
        } catch {}
        return "it was left in place at \(paths.taskDirectory(name)); fix or delete it by hand"
    }

    // MARK: - Writing

    public func create(_ record: TaskRecord) throws {
        let staging = "\(paths.tasksDirectory)/.new-\(record.id.rawValue)-\(getpid())"
        try PosixFile.removeTree(staging)
        try PosixFile.makeDirectory(staging)
        do {
            try PosixFile.writeAtomically(staging + "/task.json", try encode(record))
            if rename(staging, paths.taskDirectory(record.id.rawValue)) != 0 {
                let code = errno
                throw code == EEXIST || code == ENOTEMPTY
                    ? CoreError(code: .conflict, message: "a task with id \(record.id) already exists")
                    : CoreErrorBridge.storage(SystemErrorText.describe("cannot create task \(record.id)", errno: code))
            }
            PosixFile.syncDirectory(paths.tasksDirectory)
        } catch {
            try? PosixFile.removeTree(staging)
            throw error
        }
    }

    public func save(_ record: TaskRecord) throws {
        let directory = paths.taskDirectory(record.id.rawValue)
        guard PosixFile.exists(directory) else { throw CoreError.taskNotFound(record.id.rawValue) }
        try withFileLock(paths.lockFile(record.id.rawValue)) {
            try PosixFile.writeAtomically(paths.taskFile(record.id.rawValue), try encode(record))
        }
    }

    @discardableResult
    public func update(_ id: TaskID, _ change: (inout TaskRecord) throws -> Void) throws -> TaskRecord {
        guard PosixFile.exists(paths.taskDirectory(id.rawValue)) else { throw CoreError.taskNotFound(id.rawValue) }
        return try withFileLock(paths.lockFile(id.rawValue)) {
            var record = try load(id)
            try change(&record)
            try PosixFile.writeAtomically(paths.taskFile(id.rawValue), try encode(record))
            return record
        }
    }

    public func remove(_ id: TaskID) throws {
        let directory = paths.taskDirectory(id.rawValue)
        guard PosixFile.exists(directory) else { throw CoreError.taskNotFound(id.rawValue) }
        let doomed = "\(paths.tasksDirectory)/.removed-\(id.rawValue)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard rename(directory, doomed) == 0 else {
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot remove task \(id)", errno: errno))
        }
        PosixFile.syncDirectory(paths.tasksDirectory)
        try PosixFile.removeTree(doomed)
    }

    private func encode(_ record: TaskRecord) throws -> [UInt8] {
        do {
            var bytes = Array(try encoder.encode(record))
            bytes.append(0x0A)
            return bytes
        } catch {
            throw CoreError(code: .storage, message: "cannot encode task \(record.id): \(error)")
        }
    }
}

/// Per-worker results of a parallel load.
private final class LoadSlices: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [[TaskRecord]]
    private var problems: [[String]]

    init(count: Int) {
        tasks = Array(repeating: [], count: count)
        problems = Array(repeating: [], count: count)
    }

    func set(_ worker: Int, tasks newTasks: [TaskRecord], problems newProblems: [String]) {
        lock.withLock {
            tasks[worker] = newTasks
            problems[worker] = newProblems
        }
    }

    func merged() -> TaskCacheLoad {
        lock.withLock { TaskCacheLoad(tasks: tasks.flatMap { $0 }, problems: problems.flatMap { $0 }) }
    }
}
