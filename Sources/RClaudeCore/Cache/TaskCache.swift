/// Persistent storage of task records (Hummingbird's `PersistDriver` idea).
///
/// `JSONFileTaskCache` (RClaudeStore) is the real one; `InMemoryTaskCache` serves tests.
public protocol TaskCache: Sendable {
    /// Loads every readable task; damaged entries are reported, not thrown.
    func load() throws -> TaskCacheLoad
    /// Loads one task.
    ///
    /// - Throws: `CoreError` `.notFound` when there is no such task, `.damaged` when it is unreadable.
    func load(_ id: TaskID) throws -> TaskRecord
    /// Stores a new task, failing if the id is taken.
    func create(_ record: TaskRecord) throws
    /// Replaces a task's record.
    func save(_ record: TaskRecord) throws
    /// Reads, changes and writes a task's record as one step that no other writer interleaves with.
    ///
    /// - Returns: the record as written.
    @discardableResult
    func update(_ id: TaskID, _ change: (inout TaskRecord) throws -> Void) throws -> TaskRecord
    /// Deletes a task and everything stored with it.
    func remove(_ id: TaskID) throws
}

/// The result of loading a cache: the tasks, and any files that could not be read.
public struct TaskCacheLoad: Sendable {
    /// Tasks that loaded, in no particular order.
    public var tasks: [TaskRecord]
    /// One message per damaged or unreadable entry, saying what happened to it.
    public var problems: [String]

    /// Creates a load result.
    public init(tasks: [TaskRecord], problems: [String]) {
        self.tasks = tasks
        self.problems = problems
    }
}
