import Foundation
import RClaudeCore

/// Finds tasks recorded as active whose supervising process is gone (a crash, a reboot) and
/// marks them `failed: process lost`, so no task stays "running" forever.
public struct TaskRecovery: Sendable {
    private let cache: any TaskCache
    private let isAlive: @Sendable (Int32) -> Bool
    private let now: @Sendable () -> Date
    /// How long a queued task may wait for a supervisor that never recorded itself.
    public var queuedTimeout: TimeInterval = 120

    /// Creates the recovery pass.
    public init(
        cache: any TaskCache, isAlive: @escaping @Sendable (Int32) -> Bool = ProcessLiveness.isAlive,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.cache = cache
        self.isAlive = isAlive
        self.now = now
    }

    /// Checks `tasks` and fixes the lost ones.
    ///
    /// - Returns: `tasks` with lost ones updated.
    public func reconcile(_ tasks: [TaskRecord]) -> [TaskRecord] {
        let machine = TaskLifecycleStateMachine()
        return tasks.map { task in
            guard task.status.isActive, isLost(task) else { return task }
            let updated = try? cache.update(task.id) { record in
                guard record.status.isActive, isLost(record) else { return }
                if record.status == .queued {
                    machine.apply(.fail(reason: TaskLifecycleStateMachine.processLostReason), to: &record, now: now())
                } else if record.cancelRequestedAt != nil {
                    machine.apply(.cancel(reason: "cancelled by the user"), to: &record, now: now())
                } else {
                    machine.apply(.processLost, to: &record, now: now())
                }
            }
            return updated ?? task
        }
    }

    private func isLost(_ task: TaskRecord) -> Bool {
        if let pid = task.supervisorPID { return !isAlive(pid) }
        if task.status == .queued { return now().timeIntervalSince(task.createdAt) > queuedTimeout }
        return true
    }
}
