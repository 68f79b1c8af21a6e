import Synchronization

/// One `TaskService` over several: this machine's tasks and each remote host's, listed
/// together and routed by task (the provider a task was started on).
public final class CompositeTaskService: TaskService {
    /// A member service and the provider name its tasks carry (`local`, `remote:NAME`).
    public struct Member: Sendable {
        /// `local` or `remote:NAME`.
        public var provider: String
        /// The service.
        public var service: any TaskService

        /// Creates a member.
        public init(provider: String, service: any TaskService) {
            self.provider = provider
            self.service = service
        }
    }

    private let members: [Member]
    private let owners = Mutex<[TaskID: Int]>([:])

    /// Creates the composite; the first member is the default for unknown ids.
    public init(_ members: [Member]) { self.members = members }

    public func list() async throws -> TaskListing {
        let members = self.members
        let results = await withTaskGroup(of: (Int, Result<TaskListing, any Error>).self) { group in
            for (index, member) in members.enumerated() {
                group.addTask {
                    do { return (index, .success(try await member.service.list())) } catch { return (index, .failure(error)) }
                }
            }
            var results: [(Int, Result<TaskListing, any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var tasks: [TaskRecord] = []
        var problems: [String] = []
        var providers: [ProviderStatus] = []
        var owners: [TaskID: Int] = [:]
        for (index, result) in results {
            switch result {
            case .success(let listing):
                tasks += listing.tasks
                problems += listing.problems
                providers += listing.providers
                for task in listing.tasks { owners[task.id] = index }
            case .failure(let error):
                if index == 0 { throw error }
                problems.append("\(members[index].provider) is unavailable: \(error)")
                providers.append(ProviderStatus(provider: members[index].provider, state: .unreachable, detail: "\(error)"))
            }
        }
        self.owners.withLock { $0 = owners }
        return TaskListing(tasks: tasks.sorted { $0.createdAt > $1.createdAt }, problems: problems, providers: providers)
    }

    public func start(_ spec: TaskSpec) async throws -> TaskRecord {
        guard let index = members.firstIndex(where: { $0.provider == spec.provider }) else {
            throw CoreError(
                code: .invalidInput,
                message: "unknown provider '\(spec.provider)'; choose one of: \(members.map(\.provider).joined(separator: ", "))")
        }
        let record = try await members[index].service.start(spec)
        owners.withLock { $0[record.id] = index }
        return record
    }

    /// The service that owns `id` (listing again when it is not known yet).
    public func service(for id: TaskID) async -> any TaskService {
        if let index = owners.withLock({ $0[id] }) { return members[index].service }
        _ = try? await list()
        let index = owners.withLock { $0[id] } ?? 0
        return members[index].service
    }

    public func cancel(_ id: TaskID) async throws { try await service(for: id).cancel(id) }

    public func retry(_ id: TaskID) async throws -> TaskRecord {
        let record = try await service(for: id).retry(id)
        if let index = members.firstIndex(where: { $0.provider == record.provider }) { owners.withLock { $0[record.id] = index } }
        return record
    }

    public func delete(_ id: TaskID) async throws { try await service(for: id).delete(id) }

    public func sendFollowUp(_ id: TaskID, prompt: String) async throws { try await service(for: id).sendFollowUp(id, prompt: prompt) }

    public func answerPermission(_ id: TaskID, allow: Bool, message: String?) async throws {
        try await service(for: id).answerPermission(id, allow: allow, message: message)
    }

    public func interrupt(_ id: TaskID) async throws { try await service(for: id).interrupt(id) }

    public func pullChanges(_ id: TaskID, branch: String?) async throws -> String {
        try await service(for: id).pullChanges(id, branch: branch)
    }

    public func events(_ id: TaskID, from index: Int) -> AsyncStream<AgentEvent> {
        forward { await self.service(for: id).events(id, from: index) }
    }

    public func output(_ id: TaskID, from offset: OutputOffset) -> AsyncStream<OutputChunk> {
        forward { await self.service(for: id).output(id, from: offset) }
    }

    public func openTerminal(_ id: TaskID, size: TerminalSize) async throws -> any TerminalSession {
        try await service(for: id).openTerminal(id, size: size)
    }

    public func files(_ id: TaskID) async throws -> any FileBrowsing { try await service(for: id).files(id) }

    private func forward<T: Sendable>(_ make: @escaping @Sendable () async -> AsyncStream<T>) -> AsyncStream<T> {
        let (stream, continuation) = AsyncStream.makeStream(of: T.self, bufferingPolicy: .bufferingOldest(16))
        let task = Task {
            for await value in await make() {
                while case .dropped = continuation.yield(value), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
