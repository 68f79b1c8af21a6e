/// How the docker provider builds a task's container.
public struct DockerProviderOptions: Sendable, Equatable {
    /// The image every task's container is created from (`RCLAUDE_DOCKER_IMAGE`). It needs
    /// `/bin/sh` and `kill`, plus the agent's program.
    public var image: String
    /// The container's network (`RCLAUDE_DOCKER_NETWORK`): `none` unless asked otherwise; an
    /// agent that calls a hosted model API needs `bridge` or a proxy.
    public var networkMode: String?
    /// The workspace directory inside the container.
    public var workspacePath: String
    /// Whether `removeSandbox` keeps containers (`RCLAUDE_DOCKER_KEEP=1`), for inspection.
    public var keepContainers: Bool
    /// Whether a task's local directory is bind-mounted instead of copied in
    /// (`RCLAUDE_DOCKER_MOUNT=1`; only for a daemon on this machine).
    public var mountWorkspace: Bool
    /// Resource limits of every process in the container.
    public var ulimits: [DockerUlimit]
    /// Container names are this prefix and the task id.
    public var containerNamePrefix: String
    /// How long `stop` waits after SIGTERM before SIGKILL, in seconds.
    public var stopTimeout: Int
    /// Credentials (API keys, tokens) given to every command's environment — only to the exec,
    /// never to the container's configuration, the task record or a log.
    public var forwardedEnvironment: [String: String] = [:]

    /// The default image name.
    public static let defaultImage = "localhost/rclaude-sandbox:latest"

    /// Creates options.
    public init(
        image: String = DockerProviderOptions.defaultImage, networkMode: String? = "none", workspacePath: String = "/workspace",
        keepContainers: Bool = false, mountWorkspace: Bool = false, ulimits: [DockerUlimit] = DockerUlimit.sandboxDefaults,
        containerNamePrefix: String = "rclaude-", stopTimeout: Int = 5
    ) {
        self.image = image
        self.networkMode = networkMode
        self.workspacePath = workspacePath
        self.keepContainers = keepContainers
        self.mountWorkspace = mountWorkspace
        self.ulimits = ulimits
        self.containerNamePrefix = containerNamePrefix
        self.stopTimeout = stopTimeout
    }

    /// Options from `RCLAUDE_DOCKER_IMAGE`, `RCLAUDE_DOCKER_NETWORK`, `RCLAUDE_DOCKER_KEEP`
    /// and `RCLAUDE_DOCKER_MOUNT`, defaults elsewhere.
    public static func fromEnvironment(_ environment: [String: String]) -> DockerProviderOptions {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        func flag(_ key: String) -> Bool { ["1", "true", "yes"].contains(nonEmpty(key)?.lowercased() ?? "") }
        var options = DockerProviderOptions()
        if let image = nonEmpty("RCLAUDE_DOCKER_IMAGE") { options.image = image }
        if let network = nonEmpty("RCLAUDE_DOCKER_NETWORK") { options.networkMode = network == "default" ? nil : network }
        options.keepContainers = flag("RCLAUDE_DOCKER_KEEP")
        options.mountWorkspace = flag("RCLAUDE_DOCKER_MOUNT")
        return options
    }
}

extension DockerProviderOptions {
    /// These options, with `credentials` forwarded into every command.
    public func forwarding(_ credentials: [String: String]) -> DockerProviderOptions {
        var options = self
        options.forwardedEnvironment = credentials
        return options
    }
}
