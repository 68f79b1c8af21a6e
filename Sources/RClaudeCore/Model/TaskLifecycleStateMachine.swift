import Foundation

/// The task lifecycle as a state machine over `TaskRecord`.
///
/// ```
/// queued ──start──▶ starting ──launched──▶ running ──exited(ok)──▶ succeeded
///   │                  │                     │  └──exited(fail)──▶ failed
///   │                  └──fail───────────────┴──fail/processLost─▶ failed
///   └──fail (e.g. bad workspace)──▶ failed
/// queued/starting/running ──cancel──▶ cancelled
/// succeeded/failed/cancelled ──followUp──▶ queued   (a new turn resumes the agent's session)
/// ```
/// Every event returns an `Outcome`; illegal events leave the record untouched and say why.
public struct TaskLifecycleStateMachine: Sendable {
    /// An event that moves a task through its lifecycle.
    public enum Event: Sendable, Equatable {
        /// The supervisor began preparing the sandbox.
        case start
        /// The agent process is running.
        case launched(processGroup: Int32?)
        /// The agent ended; `success` decides succeeded or failed.
        case exited(success: Bool, exitCode: Int32?, reason: String?)
        /// Something failed before or while running (bad workspace, missing binary, …).
        case fail(reason: String)
        /// The process disappeared without recording an end (crash, reboot).
        case processLost
        /// The user cancelled.
        case cancel(reason: String)
        /// The user sent a follow-up prompt.
        case followUp(prompt: String)
        /// The running agent asks to use a tool: the task waits for the user.
        case permissionRequested(PermissionRequest)
        /// The user answered (or the agent withdrew the request): the task runs on.
        case permissionAnswered
        /// The restart policy reruns a failed turn: back to `queued`, counting the restart.
        case restart
    }

    /// What an event did.
    public enum Outcome: Sendable, Equatable {
        /// The record moved from one status to another.
        case transitioned(from: TaskStatus, to: TaskStatus)
        /// The event is not legal in the current status; nothing changed.
        case rejected(status: TaskStatus, event: String)
    }

    /// The reason recorded when a running task's process vanished.
    public static let processLostReason = "process lost"

    /// Creates the state machine.
    public init() {}

    /// Applies `event` to `record` at time `now`.
    ///
    /// - Returns: what happened; on `.rejected` the record is unchanged.
    @discardableResult
    public func apply(_ event: Event, to record: inout TaskRecord, now: Date) -> Outcome {
        let from = record.status
        switch (from, event) {
        case (.queued, .start):
            record.status = .starting
            record.reason = nil
        case (.starting, .launched(let group)):
            record.status = .running
            record.startedAt = now
            record.agentProcessGroup = group
        case (.running, .exited(let success, let exitCode, let reason)), (.waiting, .exited(let success, let exitCode, let reason)):
            record.status = success ? .succeeded : .failed
            record.exitCode = exitCode
            record.reason = success ? nil : (reason ?? "the agent exited with status \(exitCode.map(String.init) ?? "unknown")")
            finish(&record, now: now)
        case (.queued, .fail(let reason)), (.starting, .fail(let reason)), (.running, .fail(let reason)),
            (.waiting, .fail(let reason)):
            record.status = .failed
            record.reason = reason
            finish(&record, now: now)
        case (.starting, .processLost), (.running, .processLost), (.waiting, .processLost):
            record.status = .failed
            record.reason = TaskLifecycleStateMachine.processLostReason
            finish(&record, now: now)
        case (.queued, .cancel(let reason)), (.starting, .cancel(let reason)), (.running, .cancel(let reason)),
            (.waiting, .cancel(let reason)):
            record.status = .cancelled
            record.reason = reason
            finish(&record, now: now)
        case (.succeeded, .followUp(let prompt)), (.failed, .followUp(let prompt)), (.cancelled, .followUp(let prompt)):
            record.status = .queued
            record.reason = nil
            record.exitCode = nil
            record.endedAt = nil
            record.cancelRequestedAt = nil
            record.followUps.append(prompt)
        case (.failed, .restart):
            record.status = .queued
            record.exitCode = nil
            record.endedAt = nil
            record.restartCount = (record.restartCount ?? 0) + 1
        case (.running, .permissionRequested(let request)), (.waiting, .permissionRequested(let request)):
            record.status = .waiting
            record.pendingPermission = request
        case (.waiting, .permissionAnswered):
            record.status = .running
            record.pendingPermission = nil
        default:
            return .rejected(status: from, event: TaskLifecycleStateMachine.name(of: event))
        }
        return .transitioned(from: from, to: record.status)
    }

    private func finish(_ record: inout TaskRecord, now: Date) {
        record.endedAt = now
        record.pendingPermission = nil
        record.agentProcessGroup = nil
        record.supervisorPID = nil
    }

    /// A short name for an event, used in messages.
    public static func name(of event: Event) -> String {
        switch event {
        case .start: return "start"
        case .launched: return "launched"
        case .exited: return "exited"
        case .fail: return "fail"
        case .processLost: return "processLost"
        case .cancel: return "cancel"
        case .followUp: return "followUp"
        case .permissionRequested: return "permissionRequested"
        case .permissionAnswered: return "permissionAnswered"
        case .restart: return "restart"
        }
    }
}
