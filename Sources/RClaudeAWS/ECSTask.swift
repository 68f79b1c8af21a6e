// The parts of ECS's `Task` shape (DescribeTasks, RunTask, StopTask responses) rclaude reads:
// statuses, why it stopped, its containers' exit codes, and its network address. Unknown fields
// are ignored; every field but the ARN is optional because ECS omits what does not apply yet.

import Foundation

/// An ECS task, as DescribeTasks / RunTask / StopTask return it.
public struct ECSTask: Codable, Sendable, Equatable {
    /// The task's ARN.
    public var taskArn: String
    /// Its cluster's ARN.
    public var clusterArn: String?
    /// Its task definition's ARN.
    public var taskDefinitionArn: String?
    /// `PROVISIONING`, `PENDING`, `ACTIVATING`, `RUNNING`, `DEACTIVATING`, `STOPPING`,
    /// `DEPROVISIONING` or `STOPPED`.
    public var lastStatus: String?
    /// `RUNNING` or `STOPPED`.
    public var desiredStatus: String?
    /// Why it stopped, as a code (`TaskFailedToStart`, `EssentialContainerExited`, `UserInitiated`, …).
    public var stopCode: String?
    /// Why it stopped, in words.
    public var stoppedReason: String?
    /// Its containers.
    public var containers: [ECSContainer]?
    /// Its attachments (the awsvpc network interface).
    public var attachments: [ECSAttachment]?
    /// `FARGATE`, `EC2`, ….
    public var launchType: String?
    /// Who started it (`startedBy`).
    public var startedBy: String?
    /// Its tags (when asked for with `include: ["TAGS"]`).
    public var tags: [ECSTag]?
    /// When it was created.
    public var createdAt: Date?
    /// When it reached RUNNING.
    public var startedAt: Date?
    /// When it stopped.
    public var stoppedAt: Date?

    /// Creates a task value (tests, fakes).
    public init(
        taskArn: String, clusterArn: String? = nil, taskDefinitionArn: String? = nil, lastStatus: String? = nil,
        desiredStatus: String? = nil, stopCode: String? = nil, stoppedReason: String? = nil,
        containers: [ECSContainer]? = nil,
        attachments: [ECSAttachment]? = nil, launchType: String? = nil, startedBy: String? = nil, tags: [ECSTag]? = nil,
        createdAt: Date? = nil, startedAt: Date? = nil, stoppedAt: Date? = nil
    ) {
        self.taskArn = taskArn
        self.clusterArn = clusterArn
        self.taskDefinitionArn = taskDefinitionArn
        self.lastStatus = lastStatus
        self.desiredStatus = desiredStatus
        self.stopCode = stopCode
        self.stoppedReason = stoppedReason
        self.containers = containers
        self.attachments = attachments
        self.launchType = launchType
        self.startedBy = startedBy
        self.tags = tags
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
    }

    /// The task's private IPv4 address: the awsvpc network interface attachment's
    /// `privateIPv4Address`, else the first container network interface's.
    public var privateIPv4Address: String? {
        for attachment in attachments ?? [] {
            if let address = attachment.detail("privateIPv4Address"), !address.isEmpty { return address }
        }
        for container in containers ?? [] {
            for interface in container.networkInterfaces ?? [] {
                if let address = interface.privateIpv4Address, !address.isEmpty { return address }
            }
        }
        return nil
    }

    /// The id of the task's elastic network interface (awsvpc), if any.
    public var networkInterfaceID: String? {
        for attachment in attachments ?? [] {
            if let id = attachment.detail("networkInterfaceId"), !id.isEmpty { return id }
        }
        return nil
    }

    /// The task id: the last component of its ARN.
    public var taskID: String {
        taskArn.split(separator: "/").last.map(String.init) ?? taskArn
    }

    /// Why the task stopped, in one line: stop code, stopped reason, and each container's
    /// reason and exit code; nil when nothing is known.
    public var stopSummary: String? {
        var parts: [String] = []
        if let stopCode, !stopCode.isEmpty { parts.append("stopCode \(stopCode)") }
        if let stoppedReason, !stoppedReason.isEmpty { parts.append("stoppedReason '\(stoppedReason)'") }
        for container in containers ?? [] {
            var details: [String] = []
            if let reason = container.reason, !reason.isEmpty { details.append("reason '\(reason)'") }
            if let exitCode = container.exitCode, container.reason != nil || exitCode != 0 || lastStatus == "STOPPED" {
                details.append("exit code \(exitCode)")
            }
            if !details.isEmpty {
                parts.append("container \(container.name ?? "?"): " + details.joined(separator: ", "))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// A container of an ECS task.
public struct ECSContainer: Codable, Sendable, Equatable {
    /// The container's name (from the task definition).
    public var name: String?
    /// Its status.
    public var lastStatus: String?
    /// Its exit code, once it exited.
    public var exitCode: Int?
    /// Why it stopped or failed to start (`CannotPullContainerError: …`).
    public var reason: String?
    /// The runtime (docker) id.
    public var runtimeId: String?
    /// Its network interfaces (awsvpc).
    public var networkInterfaces: [ECSNetworkInterface]?

    /// Creates a container value.
    public init(
        name: String? = nil, lastStatus: String? = nil, exitCode: Int? = nil, reason: String? = nil,
        runtimeId: String? = nil,
        networkInterfaces: [ECSNetworkInterface]? = nil
    ) {
        self.name = name
        self.lastStatus = lastStatus
        self.exitCode = exitCode
        self.reason = reason
        self.runtimeId = runtimeId
        self.networkInterfaces = networkInterfaces
    }
}

/// A container's network interface.
public struct ECSNetworkInterface: Codable, Sendable, Equatable {
    /// The attachment it belongs to.
    public var attachmentId: String?
    /// Its private IPv4 address.
    public var privateIpv4Address: String?
    /// Its IPv6 address.
    public var ipv6Address: String?

    /// Creates an interface value.
    public init(attachmentId: String? = nil, privateIpv4Address: String? = nil, ipv6Address: String? = nil) {
        self.attachmentId = attachmentId
        self.privateIpv4Address = privateIpv4Address
        self.ipv6Address = ipv6Address
    }
}

/// A task attachment (for awsvpc: type `ElasticNetworkInterface`).
public struct ECSAttachment: Codable, Sendable, Equatable {
    /// The attachment id.
    public var id: String?
    /// `ElasticNetworkInterface`, ….
    public var type: String?
    /// `PRECREATED`, `ATTACHING`, `ATTACHED`, `DETACHING`, `DETACHED`, `DELETED`, `FAILED`.
    public var status: String?
    /// Name/value details: `subnetId`, `networkInterfaceId`, `macAddress`, `privateIPv4Address`, ….
    public var details: [ECSKeyValuePair]?

    /// Creates an attachment value.
    public init(id: String? = nil, type: String? = nil, status: String? = nil, details: [ECSKeyValuePair]? = nil) {
        self.id = id
        self.type = type
        self.status = status
        self.details = details
    }

    /// The value of detail `name`.
    public func detail(_ name: String) -> String? {
        details?.first { $0.name == name }?.value
    }
}

/// A `{name, value}` pair (attachment details, container environment).
public struct ECSKeyValuePair: Codable, Sendable, Equatable {
    /// The name.
    public var name: String?
    /// The value.
    public var value: String?

    /// Creates a pair.
    public init(name: String?, value: String?) {
        self.name = name
        self.value = value
    }
}

/// A `{key, value}` resource tag.
public struct ECSTag: Codable, Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
