// The decision logic of waiting for a started task: given the task as last seen and the time,
// is it ready, has it failed, has it been stuck too long, or should we poll again (and after
// how long)? Pure: the provisioner carries out the returned action.

import Foundation

/// Decides, per observation of a starting ECS task, what the provisioner does next.
struct ECSProvisioningStateMachine: Sendable {
    /// What to do after an observation.
    enum Action: Equatable {
        /// The task runs: hand it out.
        case ready(ECSTask)
        /// The task stopped (or is stopping) before running: fail with its reasons.
        case failed(ECSTask)
        /// The deadline passed while the task was in `status`: stop it and fail.
        case timedOut(status: String)
        /// Describe the task again after this wait.
        case poll(after: Duration)
    }

    /// Statuses of a task on its way down.
    static let stoppingStatuses: Set<String> = ["DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"]

    /// When provisioning gives up.
    let deadline: Date
    /// The first poll interval.
    let initialInterval: Duration
    /// The largest poll interval.
    let maxInterval: Duration
    /// Observations so far.
    private(set) var polls = 0
    /// The last status seen (`MISSING` while ECS does not list the task yet).
    private(set) var lastStatus = "PROVISIONING"

    init(deadline: Date, initialInterval: Duration, maxInterval: Duration) {
        self.deadline = deadline
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
    }

    /// The action for `task` (nil: ECS did not return it) seen at `now`.
    mutating func observe(_ task: ECSTask?, at now: Date) -> Action {
        polls += 1
        if let task {
            let status = task.lastStatus ?? "UNKNOWN"
            lastStatus = status
            if status == "RUNNING" && task.desiredStatus != "STOPPED" { return .ready(task) }
            if Self.stoppingStatuses.contains(status) || task.desiredStatus == "STOPPED" { return .failed(task) }
        } else {
            lastStatus = "MISSING"
        }
        let remaining = deadline.timeIntervalSince(now)
        if remaining <= 0 { return .timedOut(status: lastStatus) }
        let exponent = min(polls - 1, 20)
        let interval = min(maxInterval, initialInterval * (1 << exponent))
        return .poll(after: min(interval, .milliseconds(Int64((remaining * 1000).rounded(.up)))))
    }
}
