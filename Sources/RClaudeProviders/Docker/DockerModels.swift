// Values sent to and decoded from the Docker Engine API (the subset rclaude uses, which
// Docker and Podman's compatible API both implement). Field names follow the API's
// capitalised JSON keys through `CodingKeys`.

/// A resource limit for a container's processes (`HostConfig.Ulimits`).
public struct DockerUlimit: Sendable, Equatable, Codable {
    /// The limit's name without `RLIMIT_` (`nofile`, `nproc`).
    public var name: String
    /// The soft limit.
    public var soft: Int
    /// The hard limit.
    public var hard: Int

    /// Creates a limit.
    public init(name: String, soft: Int, hard: Int) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case soft = "Soft"
        case hard = "Hard"
    }
}

/// What `POST /containers/create` gets: the image, its long-running command and the sandbox's limits.
public struct DockerContainerSpec: Sendable, Equatable {
    /// The image (`localhost/rclaude-sandbox:latest`).
    public var image: String
    /// The container's main command (keeps it alive; work runs through exec).
    public var command: [String]
    /// The working directory (created by the daemon when missing).
    public var workingDirectory: String
    /// `KEY=VALUE` environment entries.
    public var environment: [String]
    /// `none` (no network), `bridge`, `host`, … ; nil leaves the daemon's default.
    public var networkMode: String?
    /// Resource limits.
    public var ulimits: [DockerUlimit]
    /// Bind mounts, `HOST:CONTAINER[:OPTIONS]`.
    public var binds: [String]
    /// Labels (rclaude marks its containers with `rclaude.task`).
    public var labels: [String: String]

    /// Creates a spec.
    public init(
        image: String, command: [String], workingDirectory: String, environment: [String] = [],
        networkMode: String? = "none", ulimits: [DockerUlimit] = DockerUlimit.sandboxDefaults, binds: [String] = [],
        labels: [String: String] = [:]
    ) {
        self.image = image
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.networkMode = networkMode
        self.ulimits = ulimits
        self.binds = binds
        self.labels = labels
    }
}

extension DockerUlimit {
    /// `nofile` and `nproc` at 4096: sandboxes get bounded limits, and a daemon running without
    /// CAP_SYS_RESOURCE (rootful Podman in a VM) cannot raise its larger defaults anyway.
    public static let sandboxDefaults = [
        DockerUlimit(name: "nofile", soft: 4096, hard: 4096), DockerUlimit(name: "nproc", soft: 4096, hard: 4096),
    ]
}

/// The JSON body of `POST /containers/create`.
struct DockerContainerCreateBody: Encodable {
    struct HostConfig: Encodable {
        var networkMode: String?
        var ulimits: [DockerUlimit]
        var binds: [String]?

        enum CodingKeys: String, CodingKey {
            case networkMode = "NetworkMode"
            case ulimits = "Ulimits"
            case binds = "Binds"
        }
    }

    var image: String
    var cmd: [String]
    var workingDir: String
    var env: [String]
    var labels: [String: String]
    var hostConfig: HostConfig

    init(_ spec: DockerContainerSpec) {
        image = spec.image
        cmd = spec.command
        workingDir = spec.workingDirectory
        env = spec.environment
        labels = spec.labels
        hostConfig = HostConfig(
            networkMode: spec.networkMode, ulimits: spec.ulimits, binds: spec.binds.isEmpty ? nil : spec.binds)
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image"
        case cmd = "Cmd"
        case workingDir = "WorkingDir"
        case env = "Env"
        case labels = "Labels"
        case hostConfig = "HostConfig"
    }
}

/// What `POST /containers/{id}/exec` gets.
public struct DockerExecSpec: Sendable, Equatable {
    /// The command and its arguments.
    public var command: [String]
    /// `KEY=VALUE` entries added to the container's environment.
    public var environment: [String]
    /// The working directory.
    public var workingDirectory: String?
    /// Whether the process gets a TTY (raw stream) or pipes (multiplexed stream).
    public var tty: Bool
    /// Whether rclaude writes its stdin.
    public var attachStdin: Bool

    /// Creates a spec.
    public init(command: [String], environment: [String] = [], workingDirectory: String? = nil, tty: Bool, attachStdin: Bool) {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.tty = tty
        self.attachStdin = attachStdin
    }
}

/// The JSON body of `POST /containers/{id}/exec`.
struct DockerExecCreateBody: Encodable {
    var attachStdin: Bool
    var attachStdout = true
    var attachStderr = true
    var tty: Bool
    var cmd: [String]
    var env: [String]
    var workingDir: String?

    init(_ spec: DockerExecSpec) {
        attachStdin = spec.attachStdin
        tty = spec.tty
        cmd = spec.command
        env = spec.environment
        workingDir = spec.workingDirectory
    }

    enum CodingKeys: String, CodingKey {
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case tty = "Tty"
        case cmd = "Cmd"
        case env = "Env"
        case workingDir = "WorkingDir"
    }
}

/// A container as `GET /containers/{id}/json` describes it.
public struct DockerContainerState: Sendable, Equatable {
    /// The full id.
    public var id: String
    /// The name, without the leading `/`.
    public var name: String
    /// Whether its main process runs.
    public var running: Bool
    /// `created`, `running`, `exited`, …
    public var status: String
    /// The image it was created from.
    public var image: String

    /// Creates a state.
    public init(id: String, name: String, running: Bool, status: String, image: String) {
        self.id = id
        self.name = name
        self.running = running
        self.status = status
        self.image = image
    }
}

/// The part of `GET /containers/{id}/json` rclaude reads.
struct DockerContainerInspectBody: Decodable {
    struct State: Decodable {
        var running: Bool?
        var status: String?
        enum CodingKeys: String, CodingKey {
            case running = "Running"
            case status = "Status"
        }
    }
    struct Config: Decodable {
        var image: String?
        enum CodingKeys: String, CodingKey { case image = "Image" }
    }
    var id: String
    var name: String?
    var state: State?
    var config: Config?

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case name = "Name"
        case state = "State"
        case config = "Config"
    }
}

/// An exec as `GET /exec/{id}/json` describes it.
public struct DockerExecState: Sendable, Equatable, Decodable {
    /// Whether the process still runs.
    public var running: Bool
    /// Its exit code, once it ended (128 + N when signal N ended it).
    public var exitCode: Int32?
    /// The process id the daemon reports (in the daemon's PID namespace; not usable inside the container).
    public var pid: Int32?

    /// Creates a state.
    public init(running: Bool, exitCode: Int32?, pid: Int32?) {
        self.running = running
        self.exitCode = exitCode
        self.pid = pid
    }

    enum CodingKeys: String, CodingKey {
        case running = "Running"
        case exitCode = "ExitCode"
        case pid = "Pid"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        running = try c.decodeIfPresent(Bool.self, forKey: .running) ?? false
        exitCode = try c.decodeIfPresent(Int32.self, forKey: .exitCode)
        pid = try c.decodeIfPresent(Int32.self, forKey: .pid)
    }
}

/// The daemon's `GET /version`.
public struct DockerVersion: Sendable, Equatable, Decodable {
    /// The engine's version (`28.2.2`, or Podman's `4.3.1`).
    public var version: String
    /// The newest API version it speaks (`1.41`).
    public var apiVersion: String
    /// The oldest API version it speaks.
    public var minAPIVersion: String?
    /// `linux`, …
    public var os: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case apiVersion = "ApiVersion"
        case minAPIVersion = "MinAPIVersion"
        case os = "Os"
    }
}

/// The error body the daemon sends: `{"message": …}` (Podman adds `cause` and `response`).
struct DockerErrorBody: Decodable {
    var message: String
}
