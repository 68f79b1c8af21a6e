import Foundation
import RClaudeCore
import RClaudeStore

/// `TaskService` on this machine: the JSON cache plus background supervisors
/// (`rclaude supervise <id>`), with output followed from the task's files.
public struct LocalTaskService: TaskService {
    /// The cache.
    public let cache: JSONFileTaskCache
    /// Where files live.
    public let paths: StorePaths
    /// The environment tasks inherit.
    public let environment: [String: String]
    /// Removes the sandbox of a task in a cloud provider (`e2b`) when the task is deleted; set
    /// by the composition root, which knows those providers.
    public var cloudSandboxRemover: (@Sendable (TaskRecord) async throws -> Void)?
    /// Copies the workspace of a task in a cloud sandbox (`e2b`) here, for the file browser and
    /// pulls; set by the composition root.
    public var cloudSnapshotter: (@Sendable (TaskRecord) async throws -> WorkspaceSnapshot)?
    /// The `rclaude` executable that runs supervisors.
    public let executablePath: String
    /// The terminal size interactive tasks start with.
    public var initialTerminalSize: TerminalSize?

    /// Creates the service.
    public init(cache: JSONFileTaskCache, paths: StorePaths, environment: [String: String], executablePath: String) {
        self.cache = cache
        self.paths = paths
        self.environment = environment
        self.executablePath = executablePath
    }

    public func list() async throws -> TaskListing {
        let load = try cache.load()
        let tasks = TaskRecovery(cache: cache).reconcile(load.tasks).sorted { $0.createdAt > $1.createdAt }
        return TaskListing(tasks: tasks, problems: load.problems)
    }

    public func start(_ spec: TaskSpec) async throws -> TaskRecord {
        if case .directory(let path) = spec.workspace { try WorkspaceValidator.requireWritableDirectory(path) }
        let record = try TaskFactory.create(spec, in: cache)
        try launchSupervisor(record.id)
        return record
    }

    /// Starts the background supervisor of a queued task.
    public func launchSupervisor(_ id: TaskID, size: TerminalSize? = nil) throws {
        var arguments = ["supervise", id.rawValue]
        if let size = size ?? initialTerminalSize {
            arguments += ["--rows", String(size.rows), "--cols", String(size.cols)]
        }
        do {
            _ = try LocalProcessRunner().spawnDetached(
                executable: executablePath, arguments: arguments, environment: environment,
                logFile: paths.taskDirectory(id.rawValue) + "/supervisor.log")
        } catch {
            let reason = (error as? ProviderError)?.message ?? "\(error)"
            _ = try? cache.update(id) { r in
                TaskLifecycleStateMachine().apply(.fail(reason: "cannot start the supervisor: \(reason)"), to: &r, now: Date())
            }
            throw error
        }
    }

    public func cancel(_ id: TaskID) async throws {
        _ = try await TaskCanceller(cache: cache).cancel(id)
    }

    public func retry(_ id: TaskID) async throws -> TaskRecord {
        try await start(TaskFactory.spec(retrying: try cache.load(id)))
    }

    public func delete(_ id: TaskID) async throws {
        let task = try cache.load(id)
        guard task.status.isTerminal else {
            throw CoreError(
                code: .invalidState, message: "task \(id) is \(task.status.rawValue); cancel it first with 'rclaude cancel \(id)'")
        }
        if task.provider == "docker" {
            // The task's container holds its workspace: it goes with the task.
            do {
                try await DockerProvider(environment: environment).removeSandbox(for: id)
            } catch let error as CoreError where error.code == .notFound {
                // Already gone.
            }
        }
        if let removeSandbox = cloudSandboxRemover, task.provider != "local" && task.provider != "docker" {
            // A cloud sandbox (e2b) is killed with its task; one already gone is fine.
            try await removeSandbox(task)
        }
        try cache.remove(id)
        if task.workspaceSpec == .managed, let path = task.workspacePath, path.hasPrefix(paths.workspacesDirectory + "/") {
            try? PosixFile.removeTree(path)
        }
    }

    public func sendFollowUp(_ id: TaskID, prompt: String) async throws {
        try queueFollowUp(id, prompt: prompt)
        try launchSupervisor(id)
    }

    /// Re-queues an ended task with a follow-up prompt, without starting it.
    ///
    /// - Throws: `CoreError` `.invalidState` for interactive or unfinished tasks.
    public func queueFollowUp(_ id: TaskID, prompt: String) throws {
        let machine = TaskLifecycleStateMachine()
        _ = try cache.update(id) { record in
            if record.options.interactive {
                throw CoreError(code: .invalidState, message: "task \(id) is interactive: type into its terminal instead")
            }
            if let workspace = record.workspacePath, !FileManager.default.fileExists(atPath: workspace) {
                throw CoreError(
                    code: .invalidState,
                    message: "the workspace of task \(id) (\(workspace)) is gone, so its session cannot continue; start a new task with 'rclaude run'")
            }
            if case .rejected(let status, _) = machine.apply(.followUp(prompt: prompt), to: &record, now: Date()) {
                throw CoreError(
                    code: .invalidState,
                    message: "task \(id) is \(status.rawValue); wait for it to end (or 'rclaude cancel \(id)') before sending a follow-up")
            }
        }
    }

    public func answerPermission(_ id: TaskID, allow: Bool, message: String?) async throws {
        let record = try cache.load(id)
        guard record.status == .waiting, let request = record.pendingPermission else {
            throw CoreError(
                code: .invalidState,
                message: "task \(id) is not waiting for permission (it is \(record.status.rawValue)); the request may have been answered or withdrawn")
        }
        let reason = message.flatMap { $0.isEmpty ? nil : $0 } ?? "The user denied this \(request.toolName) call."
        try SteeringMailbox(paths: paths, id: id).post(allow ? .allow(requestID: request.requestID) : .deny(requestID: request.requestID, message: reason))
    }

    public func pullChanges(_ id: TaskID, branch: String?) async throws -> String {
        let record = try cache.load(id)
        let origin = try TaskChanges.origin(of: record)
        let changes = TaskChanges(
            environment: environment, docker: record.provider == "docker" ? try? DockerProvider(environment: environment) : nil,
            snapshotter: cloudSnapshotter)
        return try await changes.pull(record, into: origin.repository, branch: branch)
    }

    public func interrupt(_ id: TaskID) async throws {
        let record = try cache.load(id)
        guard record.status == .running || record.status == .waiting else {
            throw CoreError(code: .invalidState, message: "task \(id) is \(record.status.rawValue); only a running task can be interrupted")
        }
        guard record.agent == .claude, !record.options.interactive else {
            throw CoreError(
                code: .invalidState,
                message: "task \(id) runs \(record.options.interactive ? "interactively" : record.agent.rawValue), which cannot be interrupted; cancel it with 'rclaude cancel \(id)'")
        }
        try SteeringMailbox(paths: paths, id: id).post(.interrupt)
    }

    public func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent> {
        let tail = FileTail(path: paths.eventsFile(id.rawValue), isFinished: finished(id))
        return AsyncStream { continuation in
            let task = Task {
                var splitter = LineSplitter()
                var seen = 0
                let decoder = JSONDecoder()
                for await chunk in tail.chunks(from: 0) {
                    for line in splitter.feed(chunk.bytes) {
                        defer { seen += 1 }
                        guard seen >= index else { continue }
                        if let event = try? decoder.decode(AgentEvent.self, from: Data(line)) {
                            continuation.yield(event)
                        } else {
                            continuation.yield(.raw(RawLine(line: String(decoding: line, as: UTF8.self), note: "unreadable event")))
                        }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk> {
        FileTail(path: paths.outputFile(id.rawValue), isFinished: finished(id)).chunks(from: offset)
    }

    public func openTerminal(_ id: TaskID, size: TerminalSize) async throws -> any TerminalSession {
        let task = try cache.load(id)
        guard task.options.interactive, task.status.isActive else {
            throw CoreError(code: .invalidState, message: "task \(id) has no live terminal (it is not an interactive task that is running)")
        }
        let session = try await LocalTerminalSession(socketPath: paths.socketFile(id.rawValue))
        await session.resize(size)
        return session
    }

    public func files(_ id: TaskID) async throws -> any FileBrowsing {
        let task = try cache.load(id)
        guard let path = task.workspacePath else {
            throw CoreError(code: .invalidState, message: "task \(id) has no workspace yet")
        }
        if task.provider != "local" && task.provider != "docker", let cloudSnapshotter {
            return try await cloudSnapshotter(task)
        }
        if task.provider == "docker" {
            return try await WorkspaceSnapshot.docker(
                try DockerSandbox(reference: path), client: try DockerProvider(environment: environment).client, environment: environment)
        }
        return LocalFileBrowser(root: path, environment: environment)
    }

    private func finished(_ id: TaskID) -> @Sendable () -> Bool {
        let cache = self.cache
        return {
            guard let record = try? cache.load(id) else { return true }
            if record.status.isTerminal { return true }
            if let pid = record.supervisorPID, !ProcessLiveness.isAlive(pid) {
                _ = TaskRecovery(cache: cache).reconcile([record])
                return true
            }
            return false
        }
    }
}
