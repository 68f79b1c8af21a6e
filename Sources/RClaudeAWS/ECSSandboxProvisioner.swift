// Starts and stops ECS sandboxes: a task whose container runs `rclaude serve` with a one-time
// token, polled until RUNNING. A task that fails to come up is reported with ECS's reasons; one
// stuck past the timeout (or abandoned by an error or cancellation) is stopped so none leaks.

import Foundation
import RClaudeCore
import RClaudeHTTP

/// Provisions ECS tasks running `rclaude serve` as sandboxes, checks and releases them.
public struct ECSSandboxProvisioner: Sendable {
    /// The tag key naming the rclaude task a sandbox belongs to.
    public static let taskTagKey = "rclaude.task"
    /// The environment variable carrying the one-time serve token into the container.
    public static let tokenEnvironmentVariable = "RCLAUDE_SERVE_TOKEN"

    /// The provider's settings.
    public let config: ECSProviderConfig
    /// The ECS API.
    public let client: ECSClient
    /// Timeouts and poll waits.
    public let clock: any AWSClock
    /// The first DescribeTasks poll interval; it doubles per poll.
    public var pollInitialInterval: Duration
    /// The largest poll interval.
    public var pollMaxInterval: Duration
    /// Makes the one-time serve token (32 random bytes, hex).
    public var makeToken: @Sendable () throws -> String

    /// Creates a provisioner.
    ///
    /// - Parameters:
    ///   - config: the settings (validated here).
    ///   - client: the ECS client (its region and endpoint come from `config` in `live`).
    ///   - clock: the clock for the timeout and poll waits (scripted in tests).
    ///   - pollInitialInterval: the first wait between DescribeTasks polls.
    ///   - pollMaxInterval: the longest wait between polls.
    ///   - makeToken: the token generator (libcrypto `RAND_bytes` by default).
    /// - Throws: `CoreError` `.invalidInput` when `config` is invalid.
    public init(
        config: ECSProviderConfig, client: ECSClient, clock: any AWSClock = SystemAWSClock(),
        pollInitialInterval: Duration = .seconds(1), pollMaxInterval: Duration = .seconds(10),
        makeToken: @escaping @Sendable () throws -> String = { try AWSCrypto.oneTimeToken() }
    ) throws {
        try config.validate()
        self.config = config
        self.client = client
        self.clock = clock
        self.pollInitialInterval = pollInitialInterval
        self.pollMaxInterval = pollMaxInterval
        self.makeToken = makeToken
    }

    /// A provisioner over libcurl, with credentials and region resolved from `environment` and
    /// `~/.aws` (the config's `profile` and `region` win).
    ///
    /// - Throws: `CoreError` `.unauthorized` without credentials, `.invalidInput` without a
    ///   region or with invalid settings.
    public static func live(config: ECSProviderConfig, environment: [String: String]) throws -> ECSSandboxProvisioner {
        try config.validate()
        let resolver = AWSCredentialsResolver(environment: environment)
        let credentials = try resolver.credentials(profile: config.profile)
        let region = try config.region ?? resolver.requireRegion(profile: config.profile)
        let client = try ECSClient(
            region: region, credentials: credentials, transport: CurlHTTPTransport(), endpoint: config.endpoint)
        return try ECSSandboxProvisioner(config: config, client: client)
    }

    // MARK: - Provision

    /// Starts a sandbox for rclaude task `taskID` and waits until its ECS task is RUNNING.
    ///
    /// RunTask runs `<serveExecutable> serve --listen 0.0.0.0:<servePort>` in `containerName`
    /// with a fresh one-time token in `RCLAUDE_SERVE_TOKEN`, tags the task
    /// `rclaude.task=<taskID>`, and is idempotent across retries (`clientToken`).
    ///
    /// - Parameter taskID: the rclaude task's id (letters, digits and `_.:/=+-@`).
    /// - Returns: the running sandbox: task ARN, private IP, port, token.
    /// - Throws: `CoreError`: `.launch` when the task stopped before running (with ECS's stop
    ///   code and container reasons) or RunTask reported failures; `.unavailable` when it stayed
    ///   PROVISIONING/PENDING past `provisioningTimeout` (the task is stopped first); the
    ///   `ECSClient` errors otherwise. After RunTask, any failure or cancellation stops the task.
    public func provision(taskID: String) async throws -> ECSSandbox {
        try Self.validateTaskID(taskID)
        let token = try makeToken()
        let clientToken = AWSCrypto.hex(try AWSCrypto.randomBytes(16))
        let started = try await client.runTask(runTaskRequest(taskID: taskID, token: token, clientToken: clientToken))
        let arn = started.taskArn
        var machine = ECSProvisioningStateMachine(
            deadline: clock.now().addingTimeInterval(Self.seconds(config.provisioningTimeout)),
            initialInterval: pollInitialInterval, maxInterval: pollMaxInterval)
        var current: ECSTask? = started
        do {
            while true {
                switch machine.observe(current, at: clock.now()) {
                case .ready(let task):
                    return ECSSandbox(
                        taskArn: arn, cluster: config.cluster, privateIPv4Address: task.privateIPv4Address,
                        port: config.servePort,
                        token: token, startedAt: task.startedAt ?? clock.now(),
                        networkInterfaceID: task.networkInterfaceID)
                case .failed(let task):
                    throw ProvisionFailure.final(stoppedError(task))
                case .timedOut(let status):
                    let stopProblem = await stopQuietly(
                        arn, reason: "rclaude: not RUNNING after the provisioning timeout (stuck in \(status))")
                    throw ProvisionFailure.final(stuckError(arn, status: status, stopProblem: stopProblem))
                case .poll(let wait):
                    try await clock.sleep(for: wait)
                    let response = try await client.describeTasks(cluster: config.cluster, tasks: [arn])
                    current = response.tasks.first { $0.taskArn == arn } ?? response.tasks.first
                }
            }
        } catch ProvisionFailure.final(let error) {
            throw error
        } catch {
            let stopProblem = await stopQuietly(arn, reason: "rclaude: provisioning was abandoned")
            if error is CancellationError { throw error }
            let base = (error as? CoreError) ?? CoreError(code: .unavailable, message: "\(error)")
            let cleanup =
                stopProblem.map { "; stopping task \(arn) failed too (\($0)): \(manualStop(arn))" }
                ?? "; rclaude stopped task \(arn)"
            throw CoreError(
                code: base.code, message: "while waiting for ECS task \(arn) to run: " + base.message + cleanup)
        }
    }

    /// The RunTask request `provision` sends.
    public func runTaskRequest(taskID: String, token: String, clientToken: String?) -> ECSRunTaskRequest {
        let network =
            config.subnets.isEmpty
            ? nil
            : ECSNetworkConfiguration(
                awsvpcConfiguration: ECSAwsVpcConfiguration(
                    subnets: config.subnets,
                    securityGroups: config.securityGroups.isEmpty ? nil : config.securityGroups,
                    assignPublicIp: config.assignPublicIp ? "ENABLED" : "DISABLED"))
        let override = ECSContainerOverride(
            name: config.containerName, command: serveCommand,
            environment: [ECSKeyValuePair(name: Self.tokenEnvironmentVariable, value: token)])
        let startedBy = "rclaude-\(taskID)"
        let startedByOK =
            startedBy.count <= 36
            && startedBy.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return ECSRunTaskRequest(
            cluster: config.cluster, taskDefinition: config.taskDefinition, launchType: config.launchType.rawValue,
            count: 1,
            networkConfiguration: network, overrides: ECSTaskOverride(containerOverrides: [override]),
            startedBy: startedByOK ? startedBy : "rclaude", tags: [ECSTag(key: Self.taskTagKey, value: taskID)],
            clientToken: clientToken)
    }

    /// The container command: `<serveExecutable> serve --listen 0.0.0.0:<servePort>`.
    public var serveCommand: [String] {
        [config.serveExecutable, "serve", "--listen", "0.0.0.0:\(config.servePort)"]
    }

    // MARK: - Release and health

    /// Stops the sandbox's task (StopTask). Stopping a task that already stopped is fine.
    ///
    /// - Parameter reason: shown as the task's stopped reason.
    /// - Throws: the `ECSClient` errors.
    public func release(_ sandbox: ECSSandbox, reason: String = "rclaude: sandbox released") async throws {
        try await client.stopTask(cluster: sandbox.cluster, task: sandbox.taskArn, reason: reason)
    }

    /// Whether the sandbox's task still runs (DescribeTasks), with the reason when it does not.
    ///
    /// - Throws: the `ECSClient` errors (a task ECS no longer knows is reported, not thrown).
    public func health(_ sandbox: ECSSandbox) async throws -> ECSSandboxHealth {
        let response = try await client.describeTasks(cluster: sandbox.cluster, tasks: [sandbox.taskArn])
        guard let task = response.tasks.first(where: { $0.taskArn == sandbox.taskArn }) ?? response.tasks.first else {
            let why = response.failures.first.map(\.summary) ?? "ECS returned no such task"
            return ECSSandboxHealth(
                isRunning: false, lastStatus: nil,
                reason:
                    "task \(sandbox.taskArn) is unknown to ECS (\(why)); it stopped long ago or was in another cluster/region"
            )
        }
        let running = task.lastStatus == "RUNNING" && task.desiredStatus != "STOPPED"
        return ECSSandboxHealth(
            isRunning: running, lastStatus: task.lastStatus, desiredStatus: task.desiredStatus,
            reason: running
                ? nil
                : (task.stopSummary
                    ?? "lastStatus \(task.lastStatus ?? "unknown"), desiredStatus \(task.desiredStatus ?? "unknown")"))
    }

    // MARK: - Errors

    private enum ProvisionFailure: Error { case final(CoreError) }

    private func stoppedError(_ task: ECSTask) -> CoreError {
        let summary = task.stopSummary ?? "ECS gave no reason"
        var hints: [String] = []
        if summary.contains("CannotPull") || summary.contains("pull") {
            hints.append(
                "the image could not be pulled: check its name, ECR permissions of the execution role, and that the subnets reach ECR (NAT, VPC endpoints or assignPublicIp)"
            )
        }
        if summary.contains("ResourceInitializationError") {
            hints.append(
                "the task could not initialise (secrets, logs, ENI): check the execution role and the subnets' routes")
        }
        if summary.contains("exit code") || summary.contains("EssentialContainerExited") {
            hints.append(
                "'\(serveCommand.joined(separator: " "))' exited: check the image has \(config.serveExecutable) and read the container's logs"
            )
        }
        if hints.isEmpty { hints.append("check the task definition \(config.taskDefinition) and the task's logs") }
        return CoreError(
            code: .launch,
            message: "ECS task \(task.taskArn) stopped before it was running (\(task.lastStatus ?? "?")): \(summary); "
                + hints.joined(separator: "; "))
    }

    private func stuckError(_ arn: String, status: String, stopProblem: String?) -> CoreError {
        let seconds = Int(Self.seconds(config.provisioningTimeout).rounded())
        let stopped =
            stopProblem.map { "; stopping it failed (\($0)): \(manualStop(arn))" } ?? ", so rclaude stopped it"
        let what = status == "MISSING" ? "was not listed by DescribeTasks" : "was still \(status)"
        return CoreError(
            code: .unavailable,
            message:
                "ECS task \(arn) \(what) after \(seconds) s (the provisioning timeout)\(stopped). "
                + "Check the cluster's capacity for launch type \(config.launchType.rawValue), that the image pulls "
                + "(subnet routes to ECR, assignPublicIp), and the task's events in the ECS console; or raise "
                + "provisioningTimeoutSeconds (RCLAUDE_ECS_TIMEOUT)")
    }

    private func manualStop(_ arn: String) -> String {
        "stop it by hand: aws ecs stop-task --region \(client.region) --cluster \(config.cluster) --task \(arn)"
    }

    /// Stops `arn`, shielded from the caller's cancellation; the error message on failure.
    private func stopQuietly(_ arn: String, reason: String) async -> String? {
        let client = self.client
        let cluster = config.cluster
        return await Task {
            do {
                try await client.stopTask(cluster: cluster, task: arn, reason: reason)
                return nil
            } catch {
                return (error as? CoreError)?.message ?? "\(error)"
            }
        }.value
    }

    static func validateTaskID(_ taskID: String) throws {
        let allowed = Set("_.:/=+-@")
        guard !taskID.isEmpty, taskID.count <= 256,
            taskID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || allowed.contains($0) })
        else {
            throw CoreError(
                code: .invalidInput,
                message:
                    "'\(taskID)' cannot tag an ECS task; task ids must be 1-256 letters, digits, spaces or _.:/=+-@")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
