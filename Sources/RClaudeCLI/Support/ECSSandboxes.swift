import Foundation
import RClaudeAWS
import RClaudeCore
import RClaudeRemote
import RClaudeStore

/// The `ecs` provider as the CLI uses it: an ECS task running `rclaude serve` per run, reached
/// like any remote (`remote:ecs-<id>`), and stopped when the run ends (or `rclaude remote rm`).
struct ECSSandboxes {
    let env: LiveEnvironment

    /// The provider's settings: `providers.ecs` in config.json, else the `RCLAUDE_ECS_*` variables.
    func config() throws -> ECSProviderConfig {
        let options = env.config.settings(for: "ecs").options
        let config: ECSProviderConfig
        if options.isEmpty {
            config = try ECSProviderConfig.fromEnvironment(env.environment)
        } else {
            do {
                config = try JSONDecoder().decode(ECSProviderConfig.self, from: try JSONEncoder().encode(options))
            } catch {
                throw CoreError(
                    code: .invalidInput,
                    message: "config.json: providers.ecs is not a valid ECS configuration (\(error)); it needs at least cluster and taskDefinition")
            }
        }
        try config.validate()
        return config
    }

    /// Where a sandbox's token and description are kept (0600, in the state directory).
    func file(_ name: String, _ suffix: String) -> String { env.paths.stateDirectory + "/ecs/\(name).\(suffix)" }

    /// Starts an ECS task for one run and registers it as the remote `ecs-<id>`.
    ///
    /// - Returns: the remote's provider name and the sandbox. A sandbox that cannot be used
    ///   (no address, its server never answers) is stopped before the error is thrown.
    func launch() async throws -> (provider: String, sandbox: ECSSandbox) {
        let config = try config()
        let provisioner = try ECSSandboxProvisioner.live(config: config, environment: env.environment)
        let name = "ecs-" + TaskID.random().rawValue.prefix(8)
        StandardStreams.err("rclaude: starting an ECS task in cluster \(config.cluster) (\(config.taskDefinition))…\n")
        let clock = ContinuousClock()
        let started = clock.now
        let sandbox = try await provisioner.provision(taskID: name)
        do {
            guard let url = sandbox.serveURL else {
                throw CoreError(
                    code: .unavailable,
                    message: "ECS task \(sandbox.taskArn) is RUNNING but reports no private IP (no awsvpc attachment); use a task definition with networkMode awsvpc")
            }
            try PosixFile.makeDirectory(env.paths.stateDirectory + "/ecs")
            try PosixFile.writeAtomically(file(name, "token"), Array(sandbox.token.utf8))
            try PosixFile.writeAtomically(file(name, "json"), Array(try JSONEncoder().encode(sandbox)))
            let endpoint = try RemoteEndpoint(name: name, url: url, tokenFile: file(name, "token"))
            try RemoteRegistry(paths: env.paths).add(endpoint)
            try await waitForServer(try RemoteAPIClient(endpoint: endpoint), sandbox: sandbox)
            StandardStreams.err(
                "rclaude: ECS task \(sandbox.taskID) is serving at \(url) after \(Durations.short(started.duration(to: clock.now)))\n")
            return ("remote:" + name, sandbox)
        } catch {
            try? await provisioner.release(sandbox, reason: "rclaude: the sandbox could not be used")
            forget(name)
            throw error
        }
    }

    /// Stops the ECS task behind remote `name` and forgets it.
    func release(remote name: String) async {
        defer { forget(name) }
        guard let data = FileManager.default.contents(atPath: file(name, "json")),
            let sandbox = try? JSONDecoder().decode(ECSSandbox.self, from: data)
        else { return }
        do {
            let provisioner = try ECSSandboxProvisioner.live(config: try config(), environment: env.environment)
            try await provisioner.release(sandbox, reason: "rclaude: run ended")
            StandardStreams.err("rclaude: stopped ECS task \(sandbox.taskID)\n")
        } catch {
            StandardStreams.warn("cannot stop ECS task \(sandbox.taskArn): \(CLIError.message(of: error)); stop it with 'aws ecs stop-task'")
        }
    }

    /// The ECS task behind remote `name`, if it is one of this machine's sandboxes.
    func taskArn(ofRemote name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file(name, "json")),
            let sandbox = try? JSONDecoder().decode(ECSSandbox.self, from: data)
        else { return nil }
        return sandbox.taskArn
    }

    /// Whether remote `name` is an ECS sandbox of this machine.
    func isSandbox(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name, "json")) }

    private func forget(_ name: String) {
        try? RemoteRegistry(paths: env.paths).remove(name)
        try? FileManager.default.removeItem(atPath: file(name, "token"))
        try? FileManager.default.removeItem(atPath: file(name, "json"))
    }

    /// Polls the sandbox's `/healthz` until its server answers (the container needs a moment).
    private func waitForServer(_ api: RemoteAPIClient, sandbox: ECSSandbox) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(120))
        var lastError = ""
        while ContinuousClock.now < deadline {
            do {
                _ = try await api.health()
                return
            } catch {
                lastError = CLIError.message(of: error)
                try await Task.sleep(for: .seconds(1))
            }
        }
        throw CoreError(
            code: .unavailable,
            message: "ECS task \(sandbox.taskArn) is RUNNING but its rclaude serve never answered (\(lastError)); check that the image runs 'rclaude serve' and the security group allows port \(sandbox.port)")
    }

    /// The provider's health: its settings are valid and its cluster is ACTIVE.
    func health() async throws -> ProviderHealth {
        let config = try config()
        let provisioner = try ECSSandboxProvisioner.live(config: config, environment: env.environment)
        let clusters = try await provisioner.client.describeClusters([config.cluster])
        guard let cluster = clusters.clusters.first, cluster.status == "ACTIVE" else {
            return .unhealthy("cluster \(config.cluster) is missing or not ACTIVE; create it or fix providers.ecs.cluster")
        }
        return .healthy
    }
}
