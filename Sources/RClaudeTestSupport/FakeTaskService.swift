import Foundation
import RClaudeCore
import Synchronization

/// An in-memory `TaskService` for UI tests: tasks, events, output, terminals and files are set by
/// the test; every call is recorded.
public final class FakeTaskService: TaskService, @unchecked Sendable {
    private struct Storage {
        var tasks: [TaskRecord] = []
        var problems: [String] = []
        var events: [TaskID: [AgentEvent]] = [:]
        var eventContinuations: [TaskID: [AsyncStream<AgentEvent>.Continuation]] = [:]
        var output: [TaskID: [UInt8]] = [:]
        var files: [TaskID: FakeFileBrowser] = [:]
        var sessions: [TaskID: FakeTerminalSession] = [:]
        var calls: [String] = []
        var failures: [String: String] = [:]
        var nextID = 1
    }

    private let storage = Mutex(Storage())

    /// Creates a service holding `tasks`.
    public init(tasks: [TaskRecord] = []) {
        storage.withLock { $0.tasks = tasks }
    }

    // MARK: - Scripting

    /// Replaces the tasks.
    public func setTasks(_ tasks: [TaskRecord], problems: [String] = []) {
        storage.withLock {
            $0.tasks = tasks
            $0.problems = problems
        }
    }

    /// Updates one task.
    public func update(_ id: TaskID, _ change: (inout TaskRecord) -> Void) {
        storage.withLock { s in
            if let i = s.tasks.firstIndex(where: { $0.id == id }) { change(&s.tasks[i]) }
        }
    }

    /// Sets a task's events (and delivers new ones to live subscribers).
    public func appendEvents(_ id: TaskID, _ events: [AgentEvent]) {
        let continuations = storage.withLock { s -> [AsyncStream<AgentEvent>.Continuation] in
            s.events[id, default: []].append(contentsOf: events)
            return s.eventContinuations[id] ?? []
        }
        for continuation in continuations {
            for event in events { continuation.yield(event) }
        }
    }

    /// Ends every live event stream of a task.
    public func finishEvents(_ id: TaskID) {
        let continuations = storage.withLock { $0.eventContinuations.removeValue(forKey: id) ?? [] }
        for continuation in continuations { continuation.finish() }
    }

    /// Sets a task's raw output.
    public func setOutput(_ id: TaskID, _ bytes: [UInt8]) {
        storage.withLock { $0.output[id] = bytes }
    }

    /// Sets a task's workspace files.
    public func setFiles(_ id: TaskID, _ browser: FakeFileBrowser) {
        storage.withLock { $0.files[id] = browser }
    }

    /// Makes calls whose recorded name starts with `call` fail with `message`.
    public func fail(_ call: String, with message: String) {
        storage.withLock { $0.failures[call] = message }
    }

    /// The calls made so far, like `start(shell: echo hi)` or `cancel(aaaaaaaaaaaa)`.
    public var calls: [String] { storage.withLock { $0.calls } }

    /// The terminal session opened for a task, if any.
    public func session(_ id: TaskID) -> FakeTerminalSession? {
        storage.withLock { $0.sessions[id] }
    }

    private func record(_ call: String) throws {
        let failure = storage.withLock { s -> String? in
            s.calls.append(call)
            return s.failures.first { call.hasPrefix($0.key) }?.value
        }
        if let failure { throw CoreError(code: .invalidState, message: failure) }
    }

    // MARK: - TaskService

    public func list() async throws -> TaskListing {
        try record("list")
        return storage.withLock { TaskListing(tasks: $0.tasks, problems: $0.problems) }
    }

    public func start(_ spec: TaskSpec) async throws -> TaskRecord {
        try record("start(\(spec.agent.rawValue): \(spec.prompt))")
        return storage.withLock { s in
            let hex = String(format: "%012x", 0xf00000 + s.nextID)
            s.nextID += 1
            let id = TaskID(hex) ?? TaskID.random()
            var record = TaskRecord(id: id, spec: spec, createdAt: Date(timeIntervalSince1970: 1_767_268_800))
            record.status = .queued
            s.tasks.insert(record, at: 0)
            return record
        }
    }

    public func cancel(_ id: TaskID) async throws {
        try record("cancel(\(id))")
        update(id) { $0.status = .cancelled }
    }

    public func retry(_ id: TaskID) async throws -> TaskRecord {
        try record("retry(\(id))")
        let spec = storage.withLock { s -> TaskSpec? in
            guard let task = s.tasks.first(where: { $0.id == id }) else { return nil }
            return TaskSpec(
                prompt: task.prompt, agent: task.agent, provider: task.provider, workspace: task.workspaceSpec,
                options: task.options)
        }
        guard let spec else { throw CoreError(code: .notFound, message: "no task \(id)") }
        return try await start(spec)
    }

    public func delete(_ id: TaskID) async throws {
        try record("delete(\(id))")
        storage.withLock { $0.tasks.removeAll { $0.id == id } }
    }

    public func sendFollowUp(_ id: TaskID, prompt: String) async throws {
        try record("followUp(\(id): \(prompt))")
    }

    public func answerPermission(_ id: TaskID, allow: Bool, message: String?) async throws {
        try record("permission(\(id): \(allow ? "allow" : "deny"))")
    }

    public func interrupt(_ id: TaskID) async throws {
        try record("interrupt(\(id))")
    }

    public func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        let existing = storage.withLock { s -> [AgentEvent] in
            s.calls.append("events(\(id), from: \(index))")
            s.eventContinuations[id, default: []].append(continuation)
            return s.events[id] ?? []
        }
        for event in existing.dropFirst(index) { continuation.yield(event) }
        let finished = storage.withLock { s in s.tasks.first { $0.id == id }?.status.isTerminal ?? true }
        if finished { continuation.finish() }
        return stream
    }

    public func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk> {
        let bytes = storage.withLock { s -> [UInt8] in
            s.calls.append("output(\(id))")
            return s.output[id] ?? []
        }
        return AsyncStream { continuation in
            let start = Int(min(offset, OutputOffset(bytes.count)))
            if start < bytes.count {
                continuation.yield(OutputChunk(offset: OutputOffset(start), bytes: Array(bytes[start...])))
            }
            continuation.finish()
        }
    }

    public func openTerminal(_ id: TaskID, size: TerminalSize) async throws -> any TerminalSession {
        try record("openTerminal(\(id), \(size.cols)x\(size.rows))")
        let session = FakeTerminalSession(size: size)
        storage.withLock { $0.sessions[id] = session }
        return session
    }

    public func files(_ id: TaskID) async throws -> any FileBrowsing {
        let browser = storage.withLock { $0.files[id] }
        guard let browser else { throw CoreError(code: .invalidState, message: "task \(id) has no workspace yet") }
        return browser
    }
}

/// A terminal session whose output the test writes and whose input it reads.
public final class FakeTerminalSession: TerminalSession, @unchecked Sendable {
    public let output: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let state: Mutex<(input: [UInt8], sizes: [TerminalSize], closed: Bool)>

    /// Creates a session of `size`.
    public init(size: TerminalSize) {
        (output, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        state = Mutex(([], [size], false))
    }

    /// Writes bytes as if the program printed them.
    public func emit(_ text: String) { continuation.yield(Array(text.utf8)) }

    /// Ends the output, as if the program exited.
    public func end() { continuation.finish() }

    /// Every byte sent so far.
    public var input: [UInt8] { state.withLock { $0.input } }

    /// Every size the session was given.
    public var sizes: [TerminalSize] { state.withLock { $0.sizes } }

    /// Whether `close()` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    public func send(_ bytes: [UInt8]) async { state.withLock { $0.input += bytes } }
    public func resize(_ size: TerminalSize) async { state.withLock { $0.sizes.append(size) } }
    public func close() async {
        state.withLock { $0.closed = true }
        continuation.finish()
    }
}

/// A workspace held in memory: files by path, changes and diffs.
public struct FakeFileBrowser: FileBrowsing {
    /// File contents by relative path; directories are implied by paths.
    public var files: [String: String]
    /// The changed files.
    public var changeList: [FileChange]
    /// Diffs by path.
    public var diffs: [String: String]

    /// Creates a workspace.
    public init(files: [String: String], changes: [FileChange] = [], diffs: [String: String] = [:]) {
        self.files = files
        self.changeList = changes
        self.diffs = diffs
    }

    public func list(_ directory: String) async throws -> [FileEntry] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        var entries: [String: FileEntry] = [:]
        for (path, content) in files where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            let parts = rest.split(separator: "/")
            guard let first = parts.first else { continue }
            let child = prefix + first
            if parts.count > 1 {
                entries[child] = FileEntry(path: child, isDirectory: true, size: 0)
            } else {
                entries[child] = FileEntry(path: child, isDirectory: false, size: Int64(content.utf8.count))
            }
        }
        if entries.isEmpty && !directory.isEmpty {
            throw CoreError(code: .notFound, message: "cannot list '\(directory)'")
        }
        return entries.values.sorted { a, b in a.isDirectory != b.isDirectory ? a.isDirectory : a.path < b.path }
    }

    public func read(_ path: String, limit: Int) async throws -> [UInt8] {
        guard let content = files[path] else { throw CoreError(code: .notFound, message: "no file '\(path)'") }
        return Array(Array(content.utf8).prefix(limit))
    }

    public func changes() async throws -> [FileChange] { changeList }

    public func diff(_ path: String) async throws -> String { diffs[path] ?? "" }
}
