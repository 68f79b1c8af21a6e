// A provisioned ECS sandbox: the task running `rclaude serve`, where to reach it, and the
// one-time token it accepts. `Codable` so a task record can keep it; the token never appears
// in `description`.

import Foundation

/// An ECS task running `rclaude serve`, ready for the remote provider to connect to.
public struct ECSSandbox: Codable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The task's ARN.
    public var taskArn: String
    /// The cluster it runs in.
    public var cluster: String
    /// The task's private IPv4 address; nil when ECS reports none (bridge networking, moto).
    public var privateIPv4Address: String?
    /// The port `rclaude serve` listens on.
    public var port: Int
    /// The bearer token `rclaude serve` accepts (`RCLAUDE_SERVE_TOKEN`). Secret.
    public var token: String
    /// When the task reached RUNNING (ECS's `startedAt`, else when rclaude saw it running).
    public var startedAt: Date
    /// The task's elastic network interface, when it has one.
    public var networkInterfaceID: String?

    /// Creates a sandbox value.
    public init(
        taskArn: String, cluster: String, privateIPv4Address: String?, port: Int, token: String, startedAt: Date,
        networkInterfaceID: String? = nil
    ) {
        self.taskArn = taskArn
        self.cluster = cluster
        self.privateIPv4Address = privateIPv4Address
        self.port = port
        self.token = token
        self.startedAt = startedAt
        self.networkInterfaceID = networkInterfaceID
    }

    /// `http://<private IP>:<port>`, the base URL of its `rclaude serve`; nil without an address.
    public var serveURL: String? {
        privateIPv4Address.map { "http://\($0):\(port)" }
    }

    /// The task id (last component of the ARN).
    public var taskID: String {
        taskArn.split(separator: "/").last.map(String.init) ?? taskArn
    }

    /// The task, address and port; the token is redacted.
    public var description: String {
        "ECSSandbox(task: \(taskArn), cluster: \(cluster), address: \(privateIPv4Address ?? "none"):\(port), token: <redacted>)"
    }

    public var debugDescription: String { description }
}
