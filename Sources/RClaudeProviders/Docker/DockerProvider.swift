import Foundation
import RClaudeCore

/// Runs tasks in containers through the Docker Engine API (Docker, or Podman's compatible
/// API): one container per task, named `rclaude-<task id>`, with no network by default and
/// the workspace at `/workspace`, copied in with the archive API from the task's local
/// directory when it has one. Commands run with exec: headless ones with stdout and stderr
/// demultiplexed, interactive ones under a TTY that follows resizes.
///
/// The container's own process is a placeholder that keeps it alive between turns; the
/// container outlives a turn so follow-ups and file browsing see the agent's files.
/// `removeSandbox(for:)` ends it.
public struct DockerProvider: SandboxProvider {
    public var name: String { "docker" }
    /// The daemon's API.
    public let client: DockerEngineClient
    /// How containers are built.
    public private(set) var options: DockerProviderOptions

    /// The container's main command: waits for ever, and exits at once on SIGTERM.
    static let placeholderCommand = ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"]

    /// Creates the provider.
    public init(client: DockerEngineClient, options: DockerProviderOptions = DockerProviderOptions()) {
        self.client = client
        self.options = options
    }

    /// The provider for `DOCKER_HOST` (default `/var/run/docker.sock`) over libcurl, configured
    /// by the `RCLAUDE_DOCKER_*` variables.
    ///
    /// - Throws: `CoreError` `.invalidInput` for a `DOCKER_HOST` it cannot use.
    public init(environment: [String: String]) throws {
        self.init(
            client: .live(endpoint: try DockerEndpoint.fromEnvironment(environment)),
            options: .fromEnvironment(environment))
    }

    /// The name of the container of task `id`.
    public func containerName(for id: TaskID) -> String { options.containerNamePrefix + id.rawValue }

    // MARK: - Sandboxes

    public func prepareWorkspace(for record: TaskRecord) async throws -> PreparedWorkspace {
        guard case .gitWorktree(let repository) = record.workspaceSpec else {
            return try await prepareSandbox(for: record).preparedWorkspace
        }
        if try await client.inspectContainer(containerName(for: record.id)) != nil {
            var workspace = try await prepareSandbox(for: record).preparedWorkspace
            workspace.branch = GitWorkspaceSeeder.branch(for: record.id)
            return workspace
        }
        // A repository travels as a clone of its committed history up to the base, made on this
        // machine from a bundle and copied in, so the container needs no git and sees no untracked junk.
        let seeded = try await GitSeededCopy.make(
            repository: repository, base: record.options.baseRef, taskID: record.id, environment: ProcessInfo.processInfo.environment)
        defer { seeded.remove() }
        var copy = record
        copy.workspaceSpec = .directory(path: seeded.path)
        var seededOptions = self
        seededOptions.options.mountWorkspace = false
        var workspace = try await seededOptions.prepareSandbox(for: copy).preparedWorkspace
        workspace.branch = seeded.branch
        workspace.baseCommit = seeded.baseCommit
        return workspace
    }

    /// Creates and starts the task's container, or restarts the one it already has.
    ///
    /// - Throws: `CoreError` when the daemon is unreachable or lacks the image, `ProviderError`
    ///   `.workspace` when the task's local directory cannot be read.
    public func prepareSandbox(for record: TaskRecord) async throws -> DockerSandbox {
        let name = containerName(for: record.id)
        let sandbox = DockerSandbox(container: name, workspacePath: options.workspacePath)
        if let existing = try await client.inspectContainer(name) {
            if !existing.running { try await client.startContainer(name) }
            return sandbox
        }
        try await client.requireImage(options.image)
        let source = localSource(of: record.workspaceSpec)
        let entries = try source.map { directory in
            options.mountWorkspace ? [] : try LocalDirectoryArchive.entries(of: directory, under: archivePrefix)
        }
        let spec = DockerContainerSpec(
            image: options.image, command: Self.placeholderCommand, workingDirectory: options.workspacePath,
            networkMode: options.networkMode, ulimits: options.ulimits,
            binds: options.mountWorkspace ? source.map { ["\($0):\(options.workspacePath)"] } ?? [] : [],
            labels: ["rclaude.task": record.id.rawValue])
        _ = try await client.createContainer(spec, name: name)
        try await client.startContainer(name)
        var upload = entries ?? []
        if upload.isEmpty, !(options.mountWorkspace && source != nil) {
            upload = [TarEntry(path: archivePrefix, kind: .directory)]
        }
        if !upload.isEmpty { try await client.putArchive(TarArchive.encode(upload), in: name, at: "/") }
        return sandbox
    }

    /// Stops the task's container, keeping its files (a later turn restarts it).
    public func stopSandbox(for id: TaskID) async throws {
        guard try await client.inspectContainer(containerName(for: id)) != nil else { return }
        try await client.stopContainer(containerName(for: id), timeout: options.stopTimeout)
    }

    /// Stops and removes the task's container, unless `keepContainers` is set (then it is only stopped).
    public func removeSandbox(for id: TaskID) async throws {
        if options.keepContainers {
            try await stopSandbox(for: id)
        } else {
            try await client.removeContainer(containerName(for: id), force: true)
        }
    }

    // MARK: - Processes

    public func launch(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SandboxProcess
    {
        try await start(command, in: try DockerSandbox(reference: workspace.path), terminal: terminal)
    }

    /// Starts `command` in the sandbox's workspace: with `terminal`, under a TTY of that size.
    ///
    /// - Returns: the running exec (also an `InteractiveTerminal`).
    public func start(_ command: AgentCommand, in sandbox: DockerSandbox, terminal: TerminalSize?) async throws
        -> DockerExecProcess
    {
        let tty = terminal != nil
        let pidFile = "/tmp/.rclaude-exec-\(UUID().uuidString.lowercased()).pid"
        var environment = options.forwardedEnvironment.merging(command.environment) { _, own in own }
        if tty, environment["TERM"] == nil { environment["TERM"] = "xterm-256color" }
        let keepsStdin = tty || command.standardInput != nil || command.conversationInput != nil
        let spec = DockerExecSpec(
            command: Self.wrapped(command, pidFile: pidFile, mergeStderr: command.mergeStderr && !tty),
            environment: environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            workingDirectory: sandbox.workspacePath, tty: tty, attachStdin: keepsStdin)
        let execID = try await client.createExec(in: sandbox.container, spec)
        let connection = try await client.attach(exec: execID, tty: tty)
        let process = DockerExecProcess(
            execID: execID, container: sandbox.container, tty: tty, pidFile: pidFile, connection: connection, client: client)
        if let terminal { try? await client.resizeExec(execID, terminal) }
        process.feedInitialInput(of: command, tty: tty)
        return process
    }

    /// `command` behind the wrapper that records its in-container PID (for `signal`) and then
    /// replaces itself with it.
    static func wrapped(_ command: AgentCommand, pidFile: String, mergeStderr: Bool) -> [String] {
        let script = "echo $$ > '\(pidFile)' 2>/dev/null; exec \"$0\" \"$@\"" + (mergeStderr ? " 2>&1" : "")
        return ["/bin/sh", "-c", script, command.executable] + command.arguments
    }

    // MARK: - Files

    /// The files under `path` in the sandbox (a directory or a file), as tar entries whose
    /// paths start with `path`'s last component.
    public func files(at path: String, in sandbox: DockerSandbox) async throws -> [TarEntry] {
        try TarArchive.decode(try await client.getArchive(from: sandbox.container, at: path))
    }

    /// Copies the sandbox's workspace into the local `directory` (created when missing).
    public func exportWorkspace(of sandbox: DockerSandbox, to directory: String) async throws {
        let entries = try await files(at: sandbox.workspacePath, in: sandbox)
        let top = sandbox.workspacePath.split(separator: "/").last.map(String.init)
        try LocalDirectoryArchive.extract(entries, into: directory, stripping: top)
    }

    /// Writes files into the sandbox: `entries`' paths are relative to its workspace.
    public func writeFiles(_ entries: [TarEntry], in sandbox: DockerSandbox) async throws {
        try await client.putArchive(TarArchive.encode(entries), in: sandbox.container, at: sandbox.workspacePath)
    }

    // MARK: - Helpers

    /// The workspace path without its leading slash: its entries' prefix in an archive extracted at `/`.
    private var archivePrefix: String {
        options.workspacePath.split(separator: "/").joined(separator: "/")
    }

    private func localSource(of spec: WorkspaceSpec) -> String? {
        switch spec {
        case .managed: nil
        case .directory(let path): path
        case .gitWorktree(let repository): repository
        }
    }
}
