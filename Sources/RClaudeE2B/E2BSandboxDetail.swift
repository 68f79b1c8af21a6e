import Foundation

/// Whether a sandbox runs or is paused (`SandboxState`).
public struct E2BSandboxState: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The sandbox runs.
    public static let running = E2BSandboxState(rawValue: "running")
    /// The sandbox is paused (its memory and files are kept; connect resumes it).
    public static let paused = E2BSandboxState(rawValue: "paused")
}

/// A sandbox as `GET /sandboxes/{id}` and `GET /v2/sandboxes` describe it (`SandboxDetail`,
/// `ListedSandbox`): its state, resources, metadata and when it ends.
public struct E2BSandboxDetail: Sendable, Equatable, Codable {
    /// The template it was created from.
    public var templateID: String
    /// The template's alias, if it has one.
    public var alias: String?
    /// The sandbox's id.
    public var sandboxID: String
    /// When it started.
    public var startedAt: Date
    /// When it will be killed unless its timeout is extended.
    public var endAt: Date
    /// Running or paused.
    public var state: E2BSandboxState
    /// The version of envd inside.
    public var envdVersion: String
    /// The token for envd (in the detail of one sandbox, not in lists).
    public var envdAccessToken: String?
    /// The base domain of its traffic, when not the default.
    public var domain: String?
    /// CPU cores.
    public var cpuCount: Int?
    /// Memory in MiB.
    public var memoryMB: Int?
    /// Disk in MiB.
    public var diskSizeMB: Int?
    /// The metadata it was created with (rclaude sets `rclaude.task`).
    public var metadata: [String: String]?

    /// Creates a sandbox detail.
    public init(
        templateID: String, alias: String? = nil, sandboxID: String, startedAt: Date, endAt: Date,
        state: E2BSandboxState = .running, envdVersion: String, envdAccessToken: String? = nil, domain: String? = nil,
        cpuCount: Int? = nil, memoryMB: Int? = nil, diskSizeMB: Int? = nil, metadata: [String: String]? = nil
    ) {
        self.templateID = templateID
        self.alias = alias
        self.sandboxID = sandboxID
        self.startedAt = startedAt
        self.endAt = endAt
        self.state = state
        self.envdVersion = envdVersion
        self.envdAccessToken = envdAccessToken
        self.domain = domain
        self.cpuCount = cpuCount
        self.memoryMB = memoryMB
        self.diskSizeMB = diskSizeMB
        self.metadata = metadata
    }

    /// How long the sandbox has left at `now` (zero once `endAt` has passed).
    public func timeRemaining(now: Date = Date()) -> Duration {
        let seconds = endAt.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64((seconds * 1000).rounded(.down)))
    }
}
