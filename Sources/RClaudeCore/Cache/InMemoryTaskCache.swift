import Synchronization

/// A `TaskCache` in memory, for tests and previews.
public final class InMemoryTaskCache: TaskCache {
    private let records = Mutex<[TaskID: TaskRecord]>([:])

    /// Creates an empty cache, or one holding `initial`.
    public init(_ initial: [TaskRecord] = []) {
        records.withLock { dict in for r in initial { dict[r.id] = r } }
    }

    public func load() throws -> TaskCacheLoad {
        TaskCacheLoad(tasks: records.withLock { Array($0.values) }, problems: [])
    }

    public func load(_ id: TaskID) throws -> TaskRecord {
        guard let record = records.withLock({ $0[id] }) else { throw CoreError.taskNotFound(id.rawValue) }
        return record
    }

    public func create(_ record: TaskRecord) throws {
        try records.withLock { dict in
            guard dict[record.id] == nil else {
                throw CoreError(code: .conflict, message: "a task with id \(record.id) already exists")
            }
            dict[record.id] = record
        }
    }

    public func save(_ record: TaskRecord) throws { records.withLock { $0[record.id] = record } }

    @discardableResult
    public func update(_ id: TaskID, _ change: (inout TaskRecord) throws -> Void) throws -> TaskRecord {
        try records.withLock { dict in
            guard var record = dict[id] else { throw CoreError.taskNotFound(id.rawValue) }
            try change(&record)
            dict[id] = record
            return record
        }
    }

    public func remove(_ id: TaskID) throws {
        try records.withLock { dict in
            guard dict.removeValue(forKey: id) != nil else { throw CoreError.taskNotFound(id.rawValue) }
        }
    }
}
