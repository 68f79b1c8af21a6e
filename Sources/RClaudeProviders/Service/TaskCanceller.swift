import Foundation
import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cancels a task from any process: records the request, signals the agent's process group and
/// its supervisor (SIGTERM), escalates to SIGKILL after the grace period, and waits for the end.
public struct TaskCanceller: Sendable {
    private let cache: any TaskCache

    /// Creates a canceller.
    public init(cache: any TaskCache) { self.cache = cache }

    /// Cancels `id`.
    ///
    /// - Returns: the final record.
    /// - Throws: `CoreError` `.invalidState` when the task already ended or did not stop.
    public func cancel(_ id: TaskID, grace: Duration = .seconds(5)) async throws -> TaskRecord {
        let machine = TaskLifecycleStateMachine()
        let marked = try cache.update(id) { record in
            guard record.status.isActive else {
                throw CoreError(code: .invalidState, message: "task \(id) already ended (\(record.status.rawValue)); nothing to cancel")
            }
            record.cancelRequestedAt = Date()
            if record.status == .queued && record.supervisorPID == nil {
                machine.apply(.cancel(reason: "cancelled by the user"), to: &record, now: Date())
            }
        }
        guard marked.status.isActive else { return marked }
        if let group = marked.agentProcessGroup { kill(-group, SIGTERM) }
        if let pid = marked.supervisorPID, pid != getpid() { kill(pid, SIGTERM) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        var current = marked
        while current.status.isActive && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            current = (try? cache.load(id)) ?? current
        }
        if current.status.isActive {
            if let group = current.agentProcessGroup { kill(-group, SIGKILL) }
            try await Task.sleep(for: .milliseconds(300))
            current = TaskRecovery(cache: cache).reconcile([(try? cache.load(id)) ?? current])[0]
        }
        if current.status.isActive {
            throw CoreError(
                code: .invalidState,
                message: "task \(id) did not stop; its supervisor (pid \(current.supervisorPID.map(String.init) ?? "?")) may be stuck — kill it and run 'rclaude ls' to record the loss")
        }
        return current
    }
}
