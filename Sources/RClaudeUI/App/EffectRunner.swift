import Foundation
import RClaudeCore

/// Carries out `Effect`s against the `TaskService` and sends the outcomes back as `Action`s.
///
/// Effects are taken in order from one queue, so keystrokes reach a terminal in the order typed;
/// slow requests (starting tasks, reading files) run in their own tasks so they never hold up
/// input. Event and output streams each get one long-lived task (bubbletea's `realtime` idea).
public actor EffectRunner {
    private let service: any TaskService
    private let send: @Sendable (Action) -> Void
    private let queue: AsyncStream<Effect>.Continuation
    private var worker: Task<Void, Never>?
    private var eventTask: Task<Void, Never>?
    private var terminals: [TaskID: Connection] = [:]
    private var lastListing: (tasks: [TaskRecord], problems: [String], providers: [ProviderStatus])?
    private var isLoading = false

    private struct Connection {
        var task: Task<Void, Never>
        var session: (any TerminalSession)?
        var generation: Int
    }

    private var connectionGeneration = 0

    /// Creates a runner.
    /// - Parameters:
    ///   - service: Where tasks live.
    ///   - send: Delivers actions back to the app loop (called from any task).
    public init(service: any TaskService, send: @escaping @Sendable (Action) -> Void) {
        self.service = service
        self.send = send
        let (stream, continuation) = AsyncStream.makeStream(of: Effect.self)
        self.queue = continuation
        Task { await self.startWorker(stream) }
    }

    private func startWorker(_ stream: AsyncStream<Effect>) {
        worker = Task {
            for await effect in stream {
                await self.perform(effect)
            }
        }
    }

    /// Queues an effect (returns at once).
    public nonisolated func submit(_ effect: Effect) {
        queue.yield(effect)
    }

    /// Stops every stream and closes every terminal connection.
    public func shutdown() async {
        queue.finish()
        eventTask?.cancel()
        eventTask = nil
        for (_, connection) in terminals {
            connection.task.cancel()
            await connection.session?.close()
        }
        terminals = [:]
        worker?.cancel()
    }

    /// Carries out one effect.
    public func perform(_ effect: Effect) async {
        switch effect {
        case .loadTasks:
            guard !isLoading else { return }
            isLoading = true
            let service = self.service
            Task {
                let result: Result<TaskListing, any Error>
                do { result = .success(try await service.list()) } catch { result = .failure(error) }
                self.finishLoading(result)
            }
        case .subscribeEvents(let id, let from, let generation):
            eventTask?.cancel()
            let stream = service.events(id, from: from)
            let send = self.send
            eventTask = Task {
                for await event in stream {
                    if Task.isCancelled { return }
                    send(.eventsReceived(id, generation: generation, [event]))
                }
                if !Task.isCancelled { send(.eventsFinished(id, generation: generation)) }
            }
        case .unsubscribeEvents:
            eventTask?.cancel()
            eventTask = nil
        case .openTerminal(let id, let size, let interactive):
            await closeTerminal(id)
            connectionGeneration += 1
            let generation = connectionGeneration
            let service = self.service
            let send = self.send
            let task: Task<Void, Never>
            if interactive {
                task = Task {
                    do {
                        let session = try await service.openTerminal(id, size: size)
                        guard self.register(session, for: id, generation: generation) else {
                            await session.close()
                            return
                        }
                        send(.terminalOpened(id))
                        for await bytes in session.output {
                            if Task.isCancelled { break }
                            send(.terminalOutput(id, bytes))
                        }
                        if !Task.isCancelled { send(.terminalClosed(id, reason: nil)) }
                    } catch {
                        if !Task.isCancelled { send(.terminalClosed(id, reason: EffectRunner.message(error))) }
                    }
                }
            } else {
                task = Task {
                    send(.terminalOpened(id))
                    for await chunk in service.output(id, from: 0) {
                        if Task.isCancelled { break }
                        send(.terminalOutput(id, chunk.bytes))
                    }
                    if !Task.isCancelled { send(.terminalClosed(id, reason: nil)) }
                }
            }
            terminals[id] = Connection(task: task, session: nil, generation: generation)
        case .sendInput(let id, let bytes):
            await terminals[id]?.session?.send(bytes)
        case .resizeTerminal(let id, let size):
            await terminals[id]?.session?.resize(size)
        case .closeTerminal(let id):
            await closeTerminal(id)
        case .startTask(let spec, let activity):
            background(activity) { service in
                let record = try await service.start(spec)
                let what = spec.agent == .shell && spec.options.interactive ? "shell" : "task"
                return .taskStarted(record, activity: activity, message: "started \(what) \(record.id)")
            }
        case .cancelTask(let id, let activity):
            background(activity) { service in
                try await service.cancel(id)
                return .actionSucceeded("cancelling task \(id)", activity: activity)
            }
        case .retryTask(let id, let activity):
            background(activity) { service in
                let record = try await service.retry(id)
                return .taskStarted(record, activity: activity, message: "retrying \(id) as \(record.id)")
            }
        case .deleteTask(let id, let activity):
            background(activity) { service in
                try await service.delete(id)
                return .actionSucceeded("deleted task \(id)", activity: activity)
            }
        case .sendFollowUp(let id, let prompt, let activity):
            background(activity) { service in
                try await service.sendFollowUp(id, prompt: prompt)
                return .actionSucceeded("sent the follow-up to \(id)", activity: activity)
            }
        case .answerPermission(let id, let allow, let activity):
            background(activity) { service in
                try await service.answerPermission(id, allow: allow, message: nil)
                return .actionSucceeded("\(allow ? "approved" : "denied") the tool call of \(id)", activity: activity)
            }
        case .pullChanges(let id, let activity):
            background(activity) { service in
                .actionSucceeded(try await service.pullChanges(id, branch: nil), activity: activity)
            }
        case .interruptTask(let id, let activity):
            background(activity) { service in
                try await service.interrupt(id)
                return .actionSucceeded("interrupting task \(id)", activity: activity)
            }
        case .listFiles(let id, let directory):
            files(id) { browser in .filesListed(id, directory: directory, try await browser.list(directory)) }
        case .readFile(let id, let path):
            files(id) { browser in
                .fileRead(id, path: path, try await browser.read(path, limit: AppReducer.previewLimit))
            }
        case .loadChanges(let id):
            files(id) { browser in .changesLoaded(id, try await browser.changes()) }
        case .loadDiff(let id, let path):
            files(id) { browser in .diffLoaded(id, path: path, try await browser.diff(path)) }
        case .quit, .notify:
            break
        }
    }

    private func finishLoading(_ result: Result<TaskListing, any Error>) {
        isLoading = false
        switch result {
        case .success(let listing):
            if let last = lastListing, last.tasks == listing.tasks, last.problems == listing.problems,
                last.providers == listing.providers
            {
                return
            }
            lastListing = (listing.tasks, listing.problems, listing.providers)
            send(.tasksLoaded(listing))
        case .failure(let error):
            send(.tasksFailed(EffectRunner.message(error)))
        }
    }

    private func register(_ session: any TerminalSession, for id: TaskID, generation: Int) -> Bool {
        guard terminals[id]?.generation == generation else { return false }
        terminals[id]?.session = session
        return true
    }

    private func closeTerminal(_ id: TaskID) async {
        guard let connection = terminals.removeValue(forKey: id) else { return }
        connection.task.cancel()
        await connection.session?.close()
    }

    private func background(_ activity: Int, _ work: @escaping @Sendable (any TaskService) async throws -> Action) {
        let service = self.service
        let send = self.send
        Task {
            do {
                send(try await work(service))
            } catch {
                send(.actionFailed(EffectRunner.message(error), activity: activity))
            }
        }
    }

    private func files(_ id: TaskID, _ work: @escaping @Sendable (any FileBrowsing) async throws -> Action) {
        let service = self.service
        let send = self.send
        Task {
            do {
                let browser = try await service.files(id)
                send(try await work(browser))
            } catch {
                send(.filesFailed(id, EffectRunner.message(error)))
            }
        }
    }

    /// The user-facing text of an error.
    static func message(_ error: any Error) -> String {
        if let core = error as? CoreError { return core.message }
        return String(describing: error)
    }
}
