// Response bodies of the ECS operations rclaude calls, plus the `failures` entries that ECS
// returns with HTTP 200 when it did not do (all of) what was asked.

/// A per-resource failure (`{arn, reason, detail}`), e.g. RunTask's `RESOURCE:MEMORY` or
/// DescribeTasks' `MISSING`.
public struct ECSFailure: Codable, Sendable, Equatable {
    /// The resource's ARN.
    public var arn: String?
    /// Why (`MISSING`, `RESOURCE:CPU`, `AGENT`, …).
    public var reason: String?
    /// More detail.
    public var detail: String?

    /// Creates a failure.
    public init(arn: String? = nil, reason: String? = nil, detail: String? = nil) {
        self.arn = arn
        self.reason = reason
        self.detail = detail
    }

    /// `reason (detail) for arn`.
    public var summary: String {
        var text = reason ?? "unknown reason"
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let arn, !arn.isEmpty { text += " for \(arn)" }
        return text
    }
}

/// The response of RunTask and DescribeTasks.
public struct ECSTasksResponse: Codable, Sendable, Equatable {
    /// The tasks.
    public var tasks: [ECSTask]
    /// What could not be started or found.
    public var failures: [ECSFailure]

    /// Creates a response.
    public init(tasks: [ECSTask] = [], failures: [ECSFailure] = []) {
        self.tasks = tasks
        self.failures = failures
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tasks = try container.decodeIfPresent([ECSTask].self, forKey: .tasks) ?? []
        failures = try container.decodeIfPresent([ECSFailure].self, forKey: .failures) ?? []
    }
}

/// The response of StopTask.
public struct ECSStopTaskResponse: Codable, Sendable, Equatable {
    /// The task, now with desired status STOPPED.
    public var task: ECSTask?
}

/// An ECS cluster, as DescribeClusters returns it.
public struct ECSCluster: Codable, Sendable, Equatable {
    /// Its ARN.
    public var clusterArn: String?
    /// Its name.
    public var clusterName: String?
    /// `ACTIVE`, `PROVISIONING`, `DEPROVISIONING`, `FAILED`, `INACTIVE`.
    public var status: String?
    /// Tasks running now.
    public var runningTasksCount: Int?
    /// Tasks pending now.
    public var pendingTasksCount: Int?
    /// Registered EC2 container instances.
    public var registeredContainerInstancesCount: Int?

    /// Creates a cluster value.
    public init(
        clusterArn: String? = nil, clusterName: String? = nil, status: String? = nil, runningTasksCount: Int? = nil,
        pendingTasksCount: Int? = nil, registeredContainerInstancesCount: Int? = nil
    ) {
        self.clusterArn = clusterArn
        self.clusterName = clusterName
        self.status = status
        self.runningTasksCount = runningTasksCount
        self.pendingTasksCount = pendingTasksCount
        self.registeredContainerInstancesCount = registeredContainerInstancesCount
    }
}

/// The response of DescribeClusters.
public struct ECSClustersResponse: Codable, Sendable, Equatable {
    /// The clusters found.
    public var clusters: [ECSCluster]
    /// The clusters not found (`MISSING`).
    public var failures: [ECSFailure]

    /// Creates a response.
    public init(clusters: [ECSCluster] = [], failures: [ECSFailure] = []) {
        self.clusters = clusters
        self.failures = failures
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clusters = try container.decodeIfPresent([ECSCluster].self, forKey: .clusters) ?? []
        failures = try container.decodeIfPresent([ECSFailure].self, forKey: .failures) ?? []
    }
}
