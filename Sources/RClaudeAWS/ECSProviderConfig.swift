// The settings of the ECS sandbox provider: where tasks run (region, cluster, launch type,
// network), what runs (task definition, container, serve port), how long provisioning may take,
// and the task's price. Read from JSON (`Codable`, the keys below) or from `RCLAUDE_ECS_*`
// environment variables, then checked by `validate()`.

import Foundation
import RClaudeCore

/// How the ECS provider starts sandboxes.
///
/// JSON keys: `region`, `profile`, `cluster`, `taskDefinition`, `containerName`, `launchType`,
/// `subnets`, `securityGroups`, `assignPublicIp`, `servePort`, `serveExecutable`, `endpoint`,
/// `provisioningTimeoutSeconds`, `pricing` {`vcpuHourUSD`, `gbHourUSD`, `vcpu`, `memoryGB`}.
public struct ECSProviderConfig: Codable, Sendable, Equatable {
    /// The region; nil for `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile's.
    public var region: String?
    /// The AWS profile to take credentials and region from; nil for the environment, then
    /// `AWS_PROFILE`, then `default`.
    public var profile: String?
    /// The cluster's name or ARN.
    public var cluster: String
    /// The task definition (`family`, `family:revision` or ARN); its image must contain rclaude.
    public var taskDefinition: String
    /// The container (in the task definition) that runs `rclaude serve`.
    public var containerName: String
    /// FARGATE or EC2.
    public var launchType: ECSLaunchType
    /// awsvpc subnet ids (required for FARGATE; empty for EC2 bridge/host networking).
    public var subnets: [String]
    /// awsvpc security group ids; they must let rclaude reach `servePort`.
    public var securityGroups: [String]
    /// Whether the task's interface gets a public IP (needed in public subnets without NAT to pull images).
    public var assignPublicIp: Bool
    /// The port `rclaude serve` listens on in the container.
    public var servePort: Int
    /// The program name or path of rclaude in the image.
    public var serveExecutable: String
    /// An ECS endpoint URL override (moto, a VPC endpoint); nil for the region's.
    public var endpoint: String?
    /// How long a task may take to reach RUNNING before it is stopped and provisioning fails.
    public var provisioningTimeout: Duration
    /// The task's price, for cost reports.
    public var pricing: ECSPricing

    /// The default port of `rclaude serve` in the task.
    public static let defaultServePort = 8844
    /// The default provisioning timeout (image pulls on Fargate can take minutes).
    public static let defaultProvisioningTimeout: Duration = .seconds(300)

    /// Creates a configuration.
    public init(
        region: String? = nil, profile: String? = nil, cluster: String, taskDefinition: String,
        containerName: String = "rclaude",
        launchType: ECSLaunchType = .fargate, subnets: [String] = [], securityGroups: [String] = [],
        assignPublicIp: Bool = false,
        servePort: Int = ECSProviderConfig.defaultServePort, serveExecutable: String = "rclaude",
        endpoint: String? = nil,
        provisioningTimeout: Duration = ECSProviderConfig.defaultProvisioningTimeout, pricing: ECSPricing = ECSPricing()
    ) {
        self.region = region
        self.profile = profile
        self.cluster = cluster
        self.taskDefinition = taskDefinition
        self.containerName = containerName
        self.launchType = launchType
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.assignPublicIp = assignPublicIp
        self.servePort = servePort
        self.serveExecutable = serveExecutable
        self.endpoint = endpoint
        self.provisioningTimeout = provisioningTimeout
        self.pricing = pricing
    }

    // MARK: - Validation

    /// Checks the settings.
    ///
    /// - Throws: `CoreError` `.invalidInput` naming the setting and a valid example.
    public func validate() throws {
        func fail(_ message: String) -> CoreError {
            CoreError(code: .invalidInput, message: "ECS provider: " + message)
        }
        if cluster.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail("no cluster set; set 'cluster' (RCLAUDE_ECS_CLUSTER) to the ECS cluster's name, e.g. rclaude")
        }
        if taskDefinition.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail(
                "no task definition set; set 'taskDefinition' (RCLAUDE_ECS_TASK_DEFINITION) to a family[:revision] whose image has rclaude"
            )
        }
        if containerName.isEmpty {
            throw fail(
                "'containerName' (RCLAUDE_ECS_CONTAINER) is empty; name the task definition's container that runs rclaude"
            )
        }
        if launchType == .fargate && subnets.isEmpty {
            throw fail(
                "launchType FARGATE needs at least one subnet; set 'subnets' (RCLAUDE_ECS_SUBNETS=subnet-aaa,subnet-bbb) "
                    + "or use launchType EC2")
        }
        if !(1...65535).contains(servePort) {
            throw fail("servePort \(servePort) is not a TCP port; use 1-65535 (default \(Self.defaultServePort))")
        }
        if provisioningTimeout <= .zero {
            throw fail(
                "provisioningTimeoutSeconds must be positive (default \(Self.defaultProvisioningTimeout.components.seconds))"
            )
        }
        if serveExecutable.isEmpty { throw fail("'serveExecutable' is empty; use rclaude or its path in the image") }
        if let region { try ECSClient.validateRegion(region) }
        if let endpoint { _ = try ECSClient.validateEndpoint(endpoint) }
    }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey {
        case region, profile, cluster, taskDefinition, containerName, launchType, subnets, securityGroups,
            assignPublicIp
        case servePort, serveExecutable, endpoint, provisioningTimeoutSeconds, pricing
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            region: try c.decodeIfPresent(String.self, forKey: .region),
            profile: try c.decodeIfPresent(String.self, forKey: .profile),
            cluster: try c.decode(String.self, forKey: .cluster),
            taskDefinition: try c.decode(String.self, forKey: .taskDefinition),
            containerName: try c.decodeIfPresent(String.self, forKey: .containerName) ?? "rclaude",
            launchType: try c.decodeIfPresent(ECSLaunchType.self, forKey: .launchType) ?? .fargate,
            subnets: try c.decodeIfPresent([String].self, forKey: .subnets) ?? [],
            securityGroups: try c.decodeIfPresent([String].self, forKey: .securityGroups) ?? [],
            assignPublicIp: try c.decodeIfPresent(Bool.self, forKey: .assignPublicIp) ?? false,
            servePort: try c.decodeIfPresent(Int.self, forKey: .servePort) ?? Self.defaultServePort,
            serveExecutable: try c.decodeIfPresent(String.self, forKey: .serveExecutable) ?? "rclaude",
            endpoint: try c.decodeIfPresent(String.self, forKey: .endpoint),
            provisioningTimeout: try c.decodeIfPresent(Double.self, forKey: .provisioningTimeoutSeconds).map {
                .seconds($0)
            }
                ?? Self.defaultProvisioningTimeout,
            pricing: try c.decodeIfPresent(ECSPricing.self, forKey: .pricing) ?? ECSPricing())
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(region, forKey: .region)
        try c.encodeIfPresent(profile, forKey: .profile)
        try c.encode(cluster, forKey: .cluster)
        try c.encode(taskDefinition, forKey: .taskDefinition)
        try c.encode(containerName, forKey: .containerName)
        try c.encode(launchType, forKey: .launchType)
        try c.encode(subnets, forKey: .subnets)
        try c.encode(securityGroups, forKey: .securityGroups)
        try c.encode(assignPublicIp, forKey: .assignPublicIp)
        try c.encode(servePort, forKey: .servePort)
        try c.encode(serveExecutable, forKey: .serveExecutable)
        try c.encodeIfPresent(endpoint, forKey: .endpoint)
        let timeout = provisioningTimeout.components
        try c.encode(Double(timeout.seconds) + Double(timeout.attoseconds) / 1e18, forKey: .provisioningTimeoutSeconds)
        try c.encode(pricing, forKey: .pricing)
    }
}
