import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// The provisioner and client against moto's real ECS server, over libcurl, with SigV4
/// signature checking turned on.
@Suite(.serialized, .enabled(if: MotoServer.isAvailable, MotoServer.missingReason), .moto)
struct MotoECSTests {
    static func environment() throws -> MotoECSEnvironment {
        try #require(MotoECSEnvironment.current, "the moto scope did not run")
    }

    /// The parts of DescribeTasks the lifecycle test checks beyond `ECSTask`.
    struct DescribedTasks: Decodable {
        struct Task: Decodable {
            struct Overrides: Decodable {
                struct Container: Decodable {
                    var name: String
                    var command: [String]?
                    var environment: [ECSKeyValuePair]?
                }
                var containerOverrides: [Container]?
            }
            var taskArn: String
            var lastStatus: String?
            var stoppedReason: String?
            var startedBy: String?
            var tags: [ECSTag]?
            var overrides: Overrides?
        }
        var tasks: [Task]
    }

    struct DescribeBody: Encodable {
        var cluster: String
        var tasks: [String]
        var include = ["TAGS"]
    }

    @Test("provision → RUNNING with the serve command, token and tag; health; release → STOPPED")
    func lifecycle() async throws {
        let env = try Self.environment()
        let provisioner = try env.provisioner()
        let sandbox = try await provisioner.provision(taskID: "0123456789ab")
        #expect(sandbox.taskArn.contains(":task/\(MotoECSEnvironment.cluster)/"))
        #expect(sandbox.cluster == MotoECSEnvironment.cluster && sandbox.port == 8844 && sandbox.token.count == 64)

        let client = try env.client()
        let described = try await client.call(
            "DescribeTasks", DescribeBody(cluster: MotoECSEnvironment.cluster, tasks: [sandbox.taskArn]),
            as: DescribedTasks.self)
        let task = try #require(described.tasks.first)
        #expect(task.lastStatus == "RUNNING")
        #expect(task.tags == [ECSTag(key: "rclaude.task", value: "0123456789ab")])
        #expect(task.startedBy == "rclaude-0123456789ab")
        let override = try #require(task.overrides?.containerOverrides?.first)
        #expect(override.name == MotoECSEnvironment.container)
        #expect(override.command == ["rclaude", "serve", "--listen", "0.0.0.0:8844"])
        #expect(override.environment == [ECSKeyValuePair(name: "RCLAUDE_SERVE_TOKEN", value: sandbox.token)])

        #expect(
            try await provisioner.health(sandbox)
                == ECSSandboxHealth(isRunning: true, lastStatus: "RUNNING", desiredStatus: "RUNNING"))
        try await provisioner.release(sandbox)
        let after = try await provisioner.health(sandbox)
        #expect(!after.isRunning && after.lastStatus == "STOPPED")
        #expect(after.reason?.contains("rclaude: sandbox released") == true)
    }

    @Test("DescribeClusters finds the cluster and reports a missing one as a failure")
    func describeClusters() async throws {
        let env = try Self.environment()
        let response = try await env.client().describeClusters([MotoECSEnvironment.cluster, "no-such-cluster"])
        #expect(response.clusters.map(\.clusterName) == [MotoECSEnvironment.cluster])
        #expect(response.clusters.first?.status == "ACTIVE")
        #expect(response.failures.map(\.reason) == ["MISSING"])
    }

    @Test("a wrong secret is rejected by moto's signature check: SignatureDoesNotMatch, no secret in the message")
    func wrongSecret() async throws {
        let env = try Self.environment()
        let wrongSecret = "WRONGwrongWRONGwrongWRONGwrongWRONGwrong"
        let wrong = AWSCredentials(
            accessKeyID: env.credentials.accessKeyID, secretAccessKey: wrongSecret, source: "environment")
        let error = await #expect(throws: CoreError.self) {
            try await env.provisioner(credentials: wrong).provision(taskID: "t-wrong-secret")
        }
        #expect(error?.code == .unauthorized)
        let message = error?.message ?? ""
        #expect(message.contains("ECS RunTask failed (HTTP 403, SignatureDoesNotMatch)"), "\(message)")
        #expect(message.contains(env.credentials.accessKeyID) && message.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(!message.contains(wrongSecret) && !message.contains(env.credentials.secretAccessKey))
    }

    @Test("an unknown access key is rejected: InvalidClientTokenId")
    func unknownKey() async throws {
        let env = try Self.environment()
        let unknown = AWSCredentials(
            accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "unknownSECRETunknownSECRET", source: "environment")
        let error = await #expect(throws: CoreError.self) {
            try await env.client(unknown).describeClusters([MotoECSEnvironment.cluster])
        }
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("InvalidClientTokenId") == true)
        #expect(error?.message.contains("AKIAUNKNOWNKEY000000") == true)
        #expect(error?.message.contains("unknownSECRETunknownSECRET") == false)
    }

    @Test("a cluster that does not exist: provisioning fails with a clear not-found error")
    func missingCluster() async throws {
        let env = try Self.environment()
        let error = await #expect(throws: CoreError.self) {
            try await env.provisioner(cluster: "no-such-cluster").provision(taskID: "t-missing")
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ClusterNotFoundException") == true)
        #expect(error?.message.contains("ECS cluster 'no-such-cluster' does not exist in region us-east-1") == true)
        #expect(error?.message.contains("aws ecs create-cluster --cluster-name no-such-cluster") == true)
    }

    @Test("an unknown task definition is an invalid-input error naming the setting to check")
    func missingTaskDefinition() async throws {
        let env = try Self.environment()
        var config = env.config()
        config.taskDefinition = "no-such-family"
        let provisioner = try ECSSandboxProvisioner(config: config, client: try env.client())
        let error = await #expect(throws: CoreError.self) { try await provisioner.provision(taskID: "t-td") }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("ClientException") == true && error?.message.contains("taskDefinition") == true)
    }
}

extension MotoECSTests {
    @Test(
        "temporary credentials (STS AssumeRole) sign with X-Amz-Security-Token; a wrong token is rejected with a refresh hint"
    )
    func sessionToken() async throws {
        let env = try Self.environment()
        let temporary = try await env.assumeRole()
        #expect(temporary.accessKeyID.hasPrefix("ASIA"))
        let sandbox = try await env.provisioner(credentials: temporary).provision(taskID: "t-session")
        #expect(try await env.provisioner(credentials: temporary).health(sandbox).isRunning)
        try await env.provisioner(credentials: temporary).release(sandbox)

        var forged = temporary
        forged.sessionToken = "FORGEDsessionTOKENforgedSESSIONtoken"
        let error = await #expect(throws: CoreError.self) {
            try await env.client(forged).describeClusters([MotoECSEnvironment.cluster])
        }
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("InvalidClientTokenId") == true)
        #expect(error?.message.contains("refresh your session credentials") == true)
        #expect(
            error?.message.contains("FORGEDsessionTOKEN") == false
                && error?.message.contains(temporary.secretAccessKey) == false)
    }
}
