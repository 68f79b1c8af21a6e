// The RunTask request body (AWS JSON 1.1), with the parts rclaude sets: where the task runs
// (cluster, launch type, awsvpc network), what it runs (container command and environment),
// and how it is found again (startedBy, tags). Nil fields are left out of the JSON.

/// The body of ECS `RunTask`.
public struct ECSRunTaskRequest: Codable, Sendable, Equatable {
    /// The cluster's name or ARN.
    public var cluster: String?
    /// The task definition: `family`, `family:revision` or an ARN.
    public var taskDefinition: String
    /// `FARGATE`, `EC2`, `EXTERNAL`; nil for the cluster's default capacity provider strategy.
    public var launchType: String?
    /// How many tasks to start (rclaude starts 1).
    public var count: Int?
    /// The awsvpc network configuration (required for Fargate).
    public var networkConfiguration: ECSNetworkConfiguration?
    /// Container command/environment overrides.
    public var overrides: ECSTaskOverride?
    /// A label for who started the task (at most 36 characters).
    public var startedBy: String?
    /// Tags on the task.
    public var tags: [ECSTag]?
    /// An idempotency token, so a retried RunTask does not start a second task.
    public var clientToken: String?
    /// Whether ExecuteCommand is allowed on the task.
    public var enableExecuteCommand: Bool?
    /// The Fargate platform version (`LATEST`).
    public var platformVersion: String?

    /// Creates a request.
    public init(
        cluster: String?, taskDefinition: String, launchType: String? = nil, count: Int? = 1,
        networkConfiguration: ECSNetworkConfiguration? = nil, overrides: ECSTaskOverride? = nil,
        startedBy: String? = nil,
        tags: [ECSTag]? = nil, clientToken: String? = nil, enableExecuteCommand: Bool? = nil,
        platformVersion: String? = nil
    ) {
        self.cluster = cluster
        self.taskDefinition = taskDefinition
        self.launchType = launchType
        self.count = count
        self.networkConfiguration = networkConfiguration
        self.overrides = overrides
        self.startedBy = startedBy
        self.tags = tags
        self.clientToken = clientToken
        self.enableExecuteCommand = enableExecuteCommand
        self.platformVersion = platformVersion
    }
}

/// `networkConfiguration` of RunTask.
public struct ECSNetworkConfiguration: Codable, Sendable, Equatable {
    /// The awsvpc settings.
    public var awsvpcConfiguration: ECSAwsVpcConfiguration

    /// Creates a network configuration.
    public init(awsvpcConfiguration: ECSAwsVpcConfiguration) {
        self.awsvpcConfiguration = awsvpcConfiguration
    }
}

/// The awsvpc settings: the subnets and security groups of the task's network interface.
public struct ECSAwsVpcConfiguration: Codable, Sendable, Equatable {
    /// Subnet ids (at least one).
    public var subnets: [String]
    /// Security group ids (the VPC's default group when empty).
    public var securityGroups: [String]?
    /// `ENABLED` or `DISABLED`.
    public var assignPublicIp: String?

    /// Creates awsvpc settings.
    public init(subnets: [String], securityGroups: [String]? = nil, assignPublicIp: String? = nil) {
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.assignPublicIp = assignPublicIp
    }
}

/// `overrides` of RunTask.
public struct ECSTaskOverride: Codable, Sendable, Equatable {
    /// Per-container overrides.
    public var containerOverrides: [ECSContainerOverride]

    /// Creates task overrides.
    public init(containerOverrides: [ECSContainerOverride]) {
        self.containerOverrides = containerOverrides
    }
}

/// A container's command and environment override.
public struct ECSContainerOverride: Codable, Sendable, Equatable {
    /// The container's name in the task definition.
    public var name: String
    /// The command, replacing the image's.
    public var command: [String]?
    /// Environment variables added to the definition's.
    public var environment: [ECSKeyValuePair]?

    /// Creates a container override.
    public init(name: String, command: [String]? = nil, environment: [ECSKeyValuePair]? = nil) {
        self.name = name
        self.command = command
        self.environment = environment
    }
}
