// The body of ECS ExecuteCommand (AWS JSON 1.1, `AmazonEC2ContainerServiceV20141113.ExecuteCommand`):
// `{cluster, task*, container, command*, interactive*:true}`.

/// An ExecuteCommand request.
public struct ECSExecuteCommandRequest: Encodable, Sendable, Equatable {
    /// The cluster's name or ARN (nil: `default`).
    public var cluster: String?
    /// The task's ARN or id.
    public var task: String
    /// The container's name (nil: the task's only container).
    public var container: String?
    /// The command line to run (`/bin/sh`).
    public var command: String
    /// Whether the command gets a terminal (ECS accepts only true).
    public var interactive: Bool

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - cluster: the cluster (nil: `default`).
    ///   - task: the task's ARN or id.
    ///   - container: the container's name (nil when the task has one container).
    ///   - command: the command line (`/bin/sh`).
    ///   - interactive: true (the only mode ECS supports).
    public init(
        cluster: String?, task: String, container: String?, command: String = "/bin/sh", interactive: Bool = true
    ) {
        self.cluster = cluster
        self.task = task
        self.container = container
        self.command = command
        self.interactive = interactive
    }
}
