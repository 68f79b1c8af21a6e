import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// The provisioner over a scripted transport and clock: RunTask shape, polling to RUNNING,
/// STOPPED and stuck tasks, cleanup on failure, health and release.
@Suite struct ECSSandboxProvisionerTests {
    static let arn = "arn:aws:ecs:us-east-1:123456789012:task/rc/0fbfa06b"
    static let token = String(repeating: "ab", count: 32)

    static let config = ECSProviderConfig(
        region: "us-east-1", cluster: "rc", taskDefinition: "rclaude:4", containerName: "agent", launchType: .fargate,
        subnets: ["subnet-1", "subnet-2"], securityGroups: ["sg-1"], assignPublicIp: false, servePort: 8844,
        provisioningTimeout: .seconds(60))

    static func provisioner(
        _ replies: [ScriptedHTTPTransport.Reply], config: ECSProviderConfig = config
    ) throws -> (ECSSandboxProvisioner, ScriptedHTTPTransport, TestAWSClock) {
        let transport = ScriptedHTTPTransport(replies)
        let clock = TestAWSClock()
        let client = try ECSClient(
            region: "us-east-1", credentials: ECSClientTests.credentials, transport: transport, clock: clock,
            retryPolicy: ECSClientTests.policy)
        let provisioner = try ECSSandboxProvisioner(
            config: config, client: client, clock: clock, pollInitialInterval: .seconds(1),
            pollMaxInterval: .seconds(8),
            makeToken: { token })
        return (provisioner, transport, clock)
    }

    /// A tasks response with one task in `status`.
    static func task(_ status: String, desired: String = "RUNNING", extra: String = "") -> ScriptedHTTPTransport.Reply {
        .json(
            200,
            #"{"tasks":[{"taskArn":"\#(arn)","lastStatus":"\#(status)","desiredStatus":"\#(desired)"\#(extra)}],"failures":[]}"#
        )
    }

    static let eni =
        #","attachments":[{"type":"ElasticNetworkInterface","details":[{"name":"networkInterfaceId","value":"eni-9"},{"name":"privateIPv4Address","value":"10.0.0.9"}]}],"startedAt":1440938200"#

    static let stopped = #"{"task":{"taskArn":"\#(arn)","lastStatus":"RUNNING","desiredStatus":"STOPPED"}}"#

    // MARK: - Provision

    @Test("RunTask runs rclaude serve with the token, tags the task, and waits for RUNNING with backoff")
    func provisionHappyPath() async throws {
        let (provisioner, transport, clock) = try Self.provisioner([
            Self.task("PROVISIONING"), Self.task("PROVISIONING"), Self.task("PENDING"), Self.task("ACTIVATING"),
            Self.task("RUNNING", extra: Self.eni),
        ])
        let sandbox = try await provisioner.provision(taskID: "0123456789ab")
        #expect(
            sandbox.taskArn == Self.arn && sandbox.cluster == "rc" && sandbox.port == 8844
                && sandbox.token == Self.token)
        #expect(sandbox.privateIPv4Address == "10.0.0.9" && sandbox.networkInterfaceID == "eni-9")
        #expect(sandbox.serveURL == "http://10.0.0.9:8844")
        #expect(sandbox.startedAt == Date(timeIntervalSince1970: 1_440_938_200))
        #expect(
            transport.operations == ["RunTask", "DescribeTasks", "DescribeTasks", "DescribeTasks", "DescribeTasks"])
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])

        let body = try JSONDecoder().decode(
            ECSRunTaskRequest.self, from: Data(try #require(transport.requests[0].body)))
        #expect(
            body.cluster == "rc" && body.taskDefinition == "rclaude:4" && body.launchType == "FARGATE"
                && body.count == 1)
        #expect(
            body.networkConfiguration
                == ECSNetworkConfiguration(
                    awsvpcConfiguration: ECSAwsVpcConfiguration(
                        subnets: ["subnet-1", "subnet-2"], securityGroups: ["sg-1"], assignPublicIp: "DISABLED")))
        #expect(
            body.overrides
                == ECSTaskOverride(containerOverrides: [
                    ECSContainerOverride(
                        name: "agent", command: ["rclaude", "serve", "--listen", "0.0.0.0:8844"],
                        environment: [ECSKeyValuePair(name: "RCLAUDE_SERVE_TOKEN", value: Self.token)])
                ]))
        #expect(body.tags == [ECSTag(key: "rclaude.task", value: "0123456789ab")])
        #expect(body.startedBy == "rclaude-0123456789ab")
        #expect(body.clientToken?.count == 32)
        #expect(transport.body(1) as NSDictionary == ["cluster": "rc", "tasks": [Self.arn]] as NSDictionary)
        #expect(!"\(sandbox)".contains(Self.token))
    }

    @Test("a task RUNNING at once needs no poll; its address may come from the container's interface")
    func runningAtOnce() async throws {
        let extra = #","containers":[{"name":"agent","networkInterfaces":[{"privateIpv4Address":"10.1.1.1"}]}]"#
        let (provisioner, transport, clock) = try Self.provisioner([Self.task("RUNNING", extra: extra)])
        let sandbox = try await provisioner.provision(taskID: "t1")
        #expect(sandbox.privateIPv4Address == "10.1.1.1")
        #expect(sandbox.startedAt == clock.now())
        #expect(transport.operations == ["RunTask"] && clock.sleeps.isEmpty)
    }

    @Test("the default token is 32 random bytes in hex, new per sandbox")
    func realTokens() async throws {
        let transport = ScriptedHTTPTransport([Self.task("RUNNING"), Self.task("RUNNING")])
        let client = try ECSClient(
            region: "us-east-1", credentials: ECSClientTests.credentials, transport: transport, clock: TestAWSClock())
        let provisioner = try ECSSandboxProvisioner(config: Self.config, client: client, clock: TestAWSClock())
        let a = try await provisioner.provision(taskID: "a")
        let b = try await provisioner.provision(taskID: "b")
        #expect(a.token.count == 64 && a.token.allSatisfy(\.isHexDigit) && a.token != b.token)
    }

    @Test("a task that goes to STOPPED fails with its stop code, reason and container reason; nothing else is called")
    func stoppedDuringProvisioning() async throws {
        let extra =
            #","stopCode":"TaskFailedToStart","stoppedReason":"CannotPullContainerError: pull image manifest has been retried 5 time(s)","containers":[{"name":"agent","lastStatus":"STOPPED","reason":"CannotPullContainerError: ref not found"}]"#
        let (provisioner, transport, _) = try Self.provisioner([
            Self.task("PENDING"), Self.task("STOPPED", desired: "STOPPED", extra: extra),
        ])
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.code == .launch)
        let message = error?.message ?? ""
        for needle in [
            "stopped before it was running (STOPPED)", "stopCode TaskFailedToStart",
            "CannotPullContainerError: pull image manifest",
            "container agent: reason 'CannotPullContainerError: ref not found'", "ECR",
        ] {
            #expect(message.contains(needle), "missing '\(needle)' in \(message)")
        }
        #expect(transport.operations == ["RunTask", "DescribeTasks"])
    }

    @Test("an essential container that exits reports its exit code and the serve command")
    func containerExited() async throws {
        let extra =
            #","stopCode":"EssentialContainerExited","stoppedReason":"Essential container in task exited","containers":[{"name":"agent","exitCode":127}]"#
        let (provisioner, _, _) = try Self.provisioner([Self.task("STOPPED", desired: "STOPPED", extra: extra)])
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.message.contains("container agent: exit code 127") == true)
        #expect(error?.message.contains("'rclaude serve --listen 0.0.0.0:8844' exited") == true)
    }

    @Test("stuck in PROVISIONING past the timeout: StopTask is issued and the error names the status")
    func stuckProvisioning() async throws {
        var replies = [Self.task("PROVISIONING")]
        replies += Array(repeating: Self.task("PROVISIONING"), count: 10)
        let (provisioner, transport, clock) = try Self.provisioner(replies + [.json(200, Self.stopped)])
        // Polls at 1, 2, 4, 8, 8, ... s (capped at 8) until 60 s have passed, then StopTask.
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.code == .unavailable)
        let message = error?.message ?? ""
        #expect(
            message.contains(
                "ECS task \(Self.arn) was still PROVISIONING after 60 s (the provisioning timeout), so rclaude stopped it"
            ))
        #expect(message.contains("RCLAUDE_ECS_TIMEOUT"))
        #expect(transport.operations.last == "StopTask")
        #expect(transport.operations.filter { $0 == "DescribeTasks" }.count == 10)
        #expect(clock.sleeps == [1, 2, 4, 8, 8, 8, 8, 8, 8, 5].map { Duration.seconds($0) })
        let stopBody = transport.body(transport.requests.count - 1)
        #expect(stopBody["task"] as? String == Self.arn && stopBody["cluster"] as? String == "rc")
        #expect((stopBody["reason"] as? String)?.contains("stuck in PROVISIONING") == true)
    }

    @Test("stuck in PENDING and StopTask fails too: the error says how to stop it by hand")
    func stuckAndStopFails() async throws {
        let config = {
            var c = Self.config; c.provisioningTimeout = .seconds(3); return c
        }()
        let (provisioner, _, _) = try Self.provisioner(
            [
                Self.task("PENDING"), Self.task("PENDING"), Self.task("PENDING"),
                .awsError(400, "AccessDeniedException", "no ecs:StopTask"),
            ],
            config: config)
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.message.contains("was still PENDING after 3 s") == true)
        #expect(
            error?.message.contains("stopping it failed") == true && error?.message.contains("no ecs:StopTask") == true)
        #expect(error?.message.contains("aws ecs stop-task --region us-east-1 --cluster rc --task \(Self.arn)") == true)
    }

    @Test("a DescribeTasks failure while waiting stops the task, then reports the failure")
    func describeFailsStopsTask() async throws {
        let (provisioner, transport, _) = try Self.provisioner([
            Self.task("PENDING"), .awsError(400, "AccessDeniedException", "not allowed: ecs:DescribeTasks"),
            .json(200, Self.stopped),
        ])
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.code == .forbidden)
        #expect(error?.message.contains("while waiting for ECS task \(Self.arn) to run") == true)
        #expect(error?.message.contains("rclaude stopped task \(Self.arn)") == true)
        #expect(transport.operations == ["RunTask", "DescribeTasks", "StopTask"])
    }

    @Test("a garbage DescribeTasks answer while waiting is a clear error, and the task is stopped")
    func garbageWhileWaiting() async throws {
        let (provisioner, transport, _) = try Self.provisioner([
            Self.task("PENDING"), .raw(200, #"{"tasks":[{"taskAr"#), .json(200, Self.stopped),
        ])
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.message.contains("truncated or invalid JSON") == true)
        #expect(transport.operations.last == "StopTask")
    }

    @Test("cancelling while waiting stops the task")
    func cancellationStopsTask() async throws {
        let transport = ScriptedHTTPTransport([Self.task("PENDING"), .json(200, Self.stopped)])
        let client = try ECSClient(
            region: "us-east-1", credentials: ECSClientTests.credentials, transport: transport, clock: TestAWSClock())
        let provisioner = try ECSSandboxProvisioner(
            config: Self.config, client: client, clock: SystemAWSClock(), pollInitialInterval: .seconds(30),
            makeToken: { Self.token })
        let work = Task { try await provisioner.provision(taskID: "t1") }
        while transport.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        work.cancel()
        await #expect(throws: CancellationError.self) { try await work.value }
        #expect(transport.operations == ["RunTask", "StopTask"])
    }

    @Test(
        "RunTask errors surface before anything else is called",
        arguments: [
            ("ClusterNotFoundException", CoreError.Code.notFound), ("InvalidParameterException", .invalidInput),
            ("ExpiredTokenException", .unauthorized),
        ])
    func runTaskErrors(_ type: String, _ code: CoreError.Code) async throws {
        let (provisioner, transport, _) = try Self.provisioner([.awsError(400, type, "x")])
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t1") }
        #expect(error?.code == code)
        #expect(transport.operations == ["RunTask"])
    }

    @Test("task ids that cannot be tags are refused before any call")
    func badTaskID() async throws {
        let (provisioner, transport, _) = try Self.provisioner([])
        await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "") }
        await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "a;rm -rf") }
        #expect(transport.requests.isEmpty)
    }

    @Test("EC2 without subnets sends no network configuration; a long task id falls back to startedBy rclaude")
    func ec2Request() throws {
        var config = Self.config
        config.launchType = .ec2
        config.subnets = []
        config.serveExecutable = "/usr/local/bin/rclaude"
        config.servePort = 9000
        let (provisioner, _, _) = try Self.provisioner([], config: config)
        let request = provisioner.runTaskRequest(
            taskID: String(repeating: "f", count: 40), token: "t", clientToken: nil)
        #expect(request.networkConfiguration == nil && request.launchType == "EC2" && request.startedBy == "rclaude")
        #expect(
            request.overrides?.containerOverrides.first?.command == [
                "/usr/local/bin/rclaude", "serve", "--listen", "0.0.0.0:9000",
            ])
    }

    // MARK: - Release and health

    static let sandbox = ECSSandbox(
        taskArn: arn, cluster: "rc", privateIPv4Address: "10.0.0.9", port: 8844, token: token,
        startedAt: Date(timeIntervalSince1970: 0))

    @Test("release sends StopTask with the reason")
    func release() async throws {
        let (provisioner, transport, _) = try Self.provisioner([.json(200, Self.stopped)])
        try await provisioner.release(Self.sandbox)
        #expect(transport.operations == ["StopTask"])
        #expect(
            transport.body(0) as NSDictionary == [
                "cluster": "rc", "task": Self.arn, "reason": "rclaude: sandbox released",
            ] as NSDictionary)
    }

    @Test("health: RUNNING, stopped with reasons, and unknown to ECS")
    func health() async throws {
        let stoppedExtra = #","stopCode":"UserInitiated","stoppedReason":"rclaude: sandbox released""#
        let (provisioner, _, _) = try Self.provisioner([
            Self.task("RUNNING"), Self.task("STOPPED", desired: "STOPPED", extra: stoppedExtra),
            Self.task("RUNNING", desired: "STOPPED"),
            .json(200, #"{"tasks":[],"failures":[{"arn":"\#(Self.arn)","reason":"MISSING"}]}"#),
        ])
        #expect(
            try await provisioner.health(Self.sandbox)
                == ECSSandboxHealth(isRunning: true, lastStatus: "RUNNING", desiredStatus: "RUNNING"))
        let stopped = try await provisioner.health(Self.sandbox)
        #expect(!stopped.isRunning && stopped.lastStatus == "STOPPED")
        #expect(stopped.reason == "stopCode UserInitiated; stoppedReason 'rclaude: sandbox released'")
        let stopping = try await provisioner.health(Self.sandbox)
        #expect(!stopping.isRunning && stopping.reason == "lastStatus RUNNING, desiredStatus STOPPED")
        let gone = try await provisioner.health(Self.sandbox)
        #expect(!gone.isRunning && gone.lastStatus == nil)
        #expect(gone.reason?.contains("unknown to ECS (MISSING for \(Self.arn))") == true)
        #expect(gone.description.hasPrefix("gone: task"))
    }

    // MARK: - State machine

    @Test("the waiting state machine: ready, failed, timed out (also while MISSING), capped polls")
    func stateMachine() {
        let start = Date(timeIntervalSince1970: 0)
        var machine = ECSProvisioningStateMachine(
            deadline: start.addingTimeInterval(10), initialInterval: .seconds(1), maxInterval: .seconds(4))
        let pending = ECSTask(taskArn: "a", lastStatus: "PENDING", desiredStatus: "RUNNING")
        #expect(machine.observe(pending, at: start) == .poll(after: .seconds(1)))
        #expect(machine.observe(nil, at: start.addingTimeInterval(1)) == .poll(after: .seconds(2)))
        #expect(machine.observe(pending, at: start.addingTimeInterval(3)) == .poll(after: .seconds(4)))
        #expect(machine.observe(pending, at: start.addingTimeInterval(7)) == .poll(after: .seconds(3)))
        #expect(machine.observe(nil, at: start.addingTimeInterval(10)) == .timedOut(status: "MISSING"))
        let running = ECSTask(taskArn: "a", lastStatus: "RUNNING", desiredStatus: "RUNNING")
        #expect(machine.observe(running, at: start) == .ready(running))
        let deprovisioning = ECSTask(taskArn: "a", lastStatus: "DEPROVISIONING", desiredStatus: "STOPPED")
        #expect(machine.observe(deprovisioning, at: start) == .failed(deprovisioning))
    }

    @Test("an invalid configuration is refused when the provisioner is made")
    func invalidConfig() throws {
        var config = Self.config
        config.subnets = []
        let client = try ECSClient(
            region: "us-east-1", credentials: ECSClientTests.credentials, transport: ScriptedHTTPTransport([]))
        let error = #expect(throws: CoreError.self) { try ECSSandboxProvisioner(config: config, client: client) }
        #expect(error?.message.contains("RCLAUDE_ECS_SUBNETS") == true)
    }
}
