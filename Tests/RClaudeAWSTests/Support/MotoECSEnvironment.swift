import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// A moto server prepared for the ECS tests: signature checking on (an IAM user with an access
/// key and an allow-all policy, then `reset-auth 0`), a cluster, a task definition moto can run
/// (bridge networking, container memory set), and ECS's task state machine frozen.
struct MotoECSEnvironment: Sendable {
    @TaskLocal static var current: MotoECSEnvironment?

    static let region = "us-east-1"
    static let cluster = "rclaude-test"
    static let family = "rclaude"
    static let container = "rclaude"

    let server: MotoServer
    /// The IAM user's access key, which moto verifies signatures against.
    let credentials: AWSCredentials
    /// The ARN of a role the user may assume (allow-all), for temporary credentials.
    let roleArn: String

    /// Prepares `server`.
    static func setUp(_ server: MotoServer) async throws -> MotoECSEnvironment {
        // Before auth is on, any key may call IAM.
        let bootstrap = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing", source: "test bootstrap")
        _ = try await iam(server, bootstrap, ["Action": "CreateUser", "UserName": "rclaude-test"])
        let created = try await iam(server, bootstrap, ["Action": "CreateAccessKey", "UserName": "rclaude-test"])
        let keyID = try #require(AWSErrorBody.element("AccessKeyId", in: created))
        let secret = try #require(AWSErrorBody.element("SecretAccessKey", in: created))
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await iam(
            server, bootstrap,
            [
                "Action": "PutUserPolicy", "UserName": "rclaude-test", "PolicyName": "allow-all",
                "PolicyDocument": policy,
            ])
        let trust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#
        let role = try await iam(
            server, bootstrap, ["Action": "CreateRole", "RoleName": "rclaude-test", "AssumeRolePolicyDocument": trust])
        let roleArn = try #require(AWSErrorBody.element("Arn", in: role))
        _ = try await iam(
            server, bootstrap,
            [
                "Action": "PutRolePolicy", "RoleName": "rclaude-test", "PolicyName": "allow-all",
                "PolicyDocument": policy,
            ])
        try await server.admin("/moto-api/reset-auth", body: "0", contentType: "text/plain")

        let credentials = AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, source: "moto IAM user rclaude-test")
        let environment = MotoECSEnvironment(server: server, credentials: credentials, roleArn: roleArn)
        let client = try environment.client()
        struct CreateCluster: Encodable { var clusterName: String }
        struct Ignored: Decodable {}
        _ = try await client.call("CreateCluster", CreateCluster(clusterName: cluster), as: Ignored.self)
        struct ContainerDefinition: Encodable {
            var name: String
            var image: String
            var memory: Int
            var cpu: Int
            var essential: Bool
        }
        struct RegisterTaskDefinition: Encodable {
            var family: String
            var networkMode: String
            var containerDefinitions: [ContainerDefinition]
        }
        let definition = RegisterTaskDefinition(
            family: family, networkMode: "bridge",
            containerDefinitions: [
                ContainerDefinition(name: container, image: "rclaude:test", memory: 512, cpu: 256, essential: true)
            ])
        _ = try await client.call("RegisterTaskDefinition", definition, as: Ignored.self)
        try await server.admin(
            "/moto-api/state-manager/set-transition",
            body: #"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}"#,
            contentType: "application/json")
        return environment
    }

    /// An ECS client for moto over libcurl, with `credentials` (the valid key by default).
    func client(_ credentials: AWSCredentials? = nil) throws -> ECSClient {
        try ECSClient(
            region: Self.region, credentials: credentials ?? self.credentials, transport: CurlHTTPTransport(),
            endpoint: server.endpoint,
            retryPolicy: AWSRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50)))
    }

    /// The provider settings for moto (Fargate launch type over a bridge-mode task definition,
    /// which moto 5.2.1 runs; its awsvpc path crashes).
    func config(cluster: String = MotoECSEnvironment.cluster) -> ECSProviderConfig {
        ECSProviderConfig(
            region: Self.region, cluster: cluster, taskDefinition: Self.family, containerName: Self.container,
            launchType: .fargate,
            subnets: ["subnet-0123456789abcdef0"], securityGroups: ["sg-0123456789abcdef0"], endpoint: server.endpoint,
            provisioningTimeout: .seconds(30))
    }

    /// A provisioner for moto.
    func provisioner(credentials: AWSCredentials? = nil, cluster: String = MotoECSEnvironment.cluster) throws
        -> ECSSandboxProvisioner
    {
        try ECSSandboxProvisioner(
            config: config(cluster: cluster), client: try client(credentials), pollInitialInterval: .milliseconds(50),
            pollMaxInterval: .milliseconds(200))
    }

    /// Temporary credentials of the allow-all role, from STS AssumeRole (signed with the user's key).
    func assumeRole() async throws -> AWSCredentials {
        let answer = try await Self.query(
            server, credentials, service: "sts", version: "2011-06-15",
            ["Action": "AssumeRole", "RoleArn": roleArn, "RoleSessionName": "rclaude-test"])
        let keyID = try #require(AWSErrorBody.element("AccessKeyId", in: answer))
        let secret = try #require(AWSErrorBody.element("SecretAccessKey", in: answer))
        let token = try #require(AWSErrorBody.element("SessionToken", in: answer))
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, source: "moto STS AssumeRole")
    }

    /// An IAM Query API call, signed with our signer (service `iam`); returns the XML answer.
    static func iam(_ server: MotoServer, _ credentials: AWSCredentials, _ parameters: [String: String]) async throws
        -> String
    {
        try await query(server, credentials, service: "iam", version: "2010-05-08", parameters)
    }

    /// A Query API call (form-encoded POST) signed for `service`; returns the XML answer.
    static func query(
        _ server: MotoServer, _ credentials: AWSCredentials, service: String, version: String,
        _ parameters: [String: String]
    ) async throws -> String {
        var all = parameters
        all["Version"] = version
        let form = all.sorted { $0.key < $1.key }
            .map { "\(AWSSigV4Signer.uriEncode($0.key))=\(AWSSigV4Signer.uriEncode($0.value))" }
            .joined(separator: "&")
        let request = HTTPRequestSpec(
            method: "POST", url: server.endpoint + "/",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(form.utf8))
        let signed = AWSSigV4Signer(credentials: credentials, region: region, service: service).sign(
            request, at: Date())
        let response = try await CurlHTTPTransport().send(signed)
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            throw MotoServer.StartError(
                description: "\(service) \(parameters["Action"] ?? "") answered \(response.status): \(text)")
        }
        return text
    }
}

/// Starts moto for the suite, prepares it, and kills it by pid at the end.
struct MotoScope: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await MotoServer.start()
        defer { server.stop() }
        let environment = try await MotoECSEnvironment.setUp(server)
        try await MotoECSEnvironment.$current.withValue(environment) { try await function() }
    }
}

extension Trait where Self == MotoScope {
    /// Runs the suite against a prepared moto server.
    static var moto: MotoScope { MotoScope() }
}
