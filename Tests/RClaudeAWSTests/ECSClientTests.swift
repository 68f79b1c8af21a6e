import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// ECSClient over a scripted transport: request shape, signing, retries, error mapping.
@Suite struct ECSClientTests {
    static let secret = "TESTSECRETwJalrXUtnFEMI/K7MDENGbPxRfiCY"
    static let token = "TESTSESSIONTOKEN0123456789abcdef"
    static let credentials = AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: secret, source: "environment")
    static let temporary = AWSCredentials(
        accessKeyID: "ASIATEST", secretAccessKey: secret, sessionToken: token, source: "environment")

    /// Retries with a fixed schedule: 200, 400, 800, 1600 ms (random 1 → the full cap).
    static let policy = AWSRetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(10), random: { 1 })

    static func client(
        _ replies: [ScriptedHTTPTransport.Reply], credentials: AWSCredentials = credentials, endpoint: String? = nil,
        policy: AWSRetryPolicy = policy
    ) throws -> (ECSClient, ScriptedHTTPTransport, TestAWSClock) {
        let transport = ScriptedHTTPTransport(replies)
        let clock = TestAWSClock()
        let client = try ECSClient(
            region: "us-east-1", credentials: credentials, transport: transport, endpoint: endpoint, clock: clock,
            retryPolicy: policy)
        return (client, transport, clock)
    }

    static let runningTask =
        #"{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/abc","lastStatus":"RUNNING","desiredStatus":"RUNNING"}],"failures":[]}"#

    // MARK: - Request shape

    @Test("a call is a signed AWS JSON 1.1 POST to the region's endpoint")
    func requestShape() async throws {
        let (client, transport, _) = try Self.client([.json(200, Self.runningTask)], credentials: Self.temporary)
        _ = try await client.describeTasks(cluster: "c", tasks: ["abc"], includeTags: true)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://ecs.us-east-1.amazonaws.com/")
        #expect(header(request, "X-Amz-Target") == "AmazonEC2ContainerServiceV20141113.DescribeTasks")
        #expect(header(request, "Content-Type") == "application/x-amz-json-1.1")
        #expect(header(request, "Host") == "ecs.us-east-1.amazonaws.com")
        #expect(header(request, "X-Amz-Date") == "20150830T123600Z")
        #expect(header(request, "X-Amz-Security-Token") == Self.token)
        let authorization = try #require(header(request, "Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=ASIATEST/20150830/us-east-1/ecs/aws4_request, SignedHeaders="))
        #expect(authorization.contains("x-amz-security-token") && authorization.contains("x-amz-target"))
        #expect(!authorization.contains(Self.secret))
        #expect(
            transport.body(0) as NSDictionary == ["cluster": "c", "tasks": ["abc"], "include": ["TAGS"]] as NSDictionary
        )
    }

    @Test("the signature verifies: recomputing it over the sent request gives the same header")
    func signatureVerifies() async throws {
        let (client, transport, _) = try Self.client(
            [.json(200, #"{"clusters":[],"failures":[]}"#)], endpoint: "http://127.0.0.1:5055/")
        _ = try await client.describeClusters(["c"])
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "http://127.0.0.1:5055/")
        #expect(header(sent, "Host") == "127.0.0.1:5055")
        var unsigned = sent
        unsigned.headers.removeAll { $0.name == "Authorization" }
        let again = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ecs")
            .signature(for: unsigned, at: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(header(sent, "Authorization") == again.authorization)
    }

    @Test("endpoints: the region's, China's, an override; bad regions and URLs are refused")
    func endpoints() throws {
        #expect(ECSClient.defaultEndpoint(region: "eu-west-1") == "https://ecs.eu-west-1.amazonaws.com")
        #expect(ECSClient.defaultEndpoint(region: "cn-north-1") == "https://ecs.cn-north-1.amazonaws.com.cn")
        let transport = ScriptedHTTPTransport([])
        #expect(throws: CoreError.self) {
            try ECSClient(region: "us-east-1/evil", credentials: Self.credentials, transport: transport)
        }
        let bad = #expect(throws: CoreError.self) {
            try ECSClient(
                region: "us-east-1", credentials: Self.credentials, transport: transport, endpoint: "localhost:5000")
        }
        #expect(bad?.message.contains("http://127.0.0.1:5000") == true)
    }

    @Test("RunTask sends the request's fields and returns the task")
    func runTask() async throws {
        let (client, transport, _) = try Self.client([.json(200, Self.runningTask)])
        let request = ECSRunTaskRequest(
            cluster: "c", taskDefinition: "td:3", launchType: "FARGATE", count: 1,
            networkConfiguration: ECSNetworkConfiguration(
                awsvpcConfiguration: ECSAwsVpcConfiguration(
                    subnets: ["subnet-1"], securityGroups: ["sg-1"], assignPublicIp: "DISABLED")),
            overrides: ECSTaskOverride(containerOverrides: [
                ECSContainerOverride(
                    name: "rclaude", command: ["a", "b"], environment: [ECSKeyValuePair(name: "K", value: "V")])
            ]),
            startedBy: "rclaude", tags: [ECSTag(key: "k", value: "v")], clientToken: "ct")
        let task = try await client.runTask(request)
        #expect(task.taskArn == "arn:aws:ecs:us-east-1:1:task/c/abc" && task.taskID == "abc")
        let sent = try #require(transport.requests.first?.body)
        #expect(try JSONDecoder().decode(ECSRunTaskRequest.self, from: Data(sent)) == request)
        #expect(transport.operations == ["RunTask"])
    }

    // MARK: - Retries

    @Test("ThrottlingException is retried with exponential backoff, then succeeds")
    func throttlingRetried() async throws {
        let (client, transport, clock) = try Self.client([
            .awsError(400, "ThrottlingException", "Rate exceeded"),
            .awsError(400, "ThrottlingException", "Rate exceeded"),
            .json(200, Self.runningTask),
        ])
        let response = try await client.describeTasks(cluster: "c", tasks: ["abc"])
        #expect(response.tasks.count == 1)
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps == [.milliseconds(200), .milliseconds(400)])
        // Each attempt is signed afresh at the clock's time.
        #expect(
            transport.requests.map { header($0, "X-Amz-Date") } == [
                "20150830T123600Z", "20150830T123600Z", "20150830T123600Z",
            ])
    }

    @Test(
        "HTTP 429, TooManyRequestsException, 5xx HTML and transport failures are retried",
        arguments: [
            ScriptedHTTPTransport.Reply.raw(429, ""), .awsError(400, "TooManyRequestsException", "slow down"),
            .raw(503, "<html>Service Unavailable</html>"), .awsError(500, "ServerException", "internal"),
            .failure(CoreError(code: .unavailable, message: "connection reset")),
        ])
    func retriedKinds(_ first: ScriptedHTTPTransport.Reply) async throws {
        let (client, transport, clock) = try Self.client([first, .json(200, Self.runningTask)])
        _ = try await client.describeTasks(cluster: "c", tasks: ["abc"])
        #expect(transport.requests.count == 2)
        #expect(clock.sleeps == [.milliseconds(200)])
    }

    @Test("throttling that never ends stops after maxAttempts with the whole schedule")
    func throttlingExhausted() async throws {
        let replies = Array(
            repeating: ScriptedHTTPTransport.Reply.awsError(400, "ThrottlingException", "Rate exceeded"), count: 6)
        let (client, transport, clock) = try Self.client(replies)
        let error = await #expect(throws: CoreError.self) {
            try await client.describeTasks(cluster: "c", tasks: ["abc"])
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("ThrottlingException") == true && error?.message.contains("5 attempts") == true)
        #expect(transport.requests.count == 5)
        #expect(clock.sleeps == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
    }

    @Test("backoff: equal jitter between half and all of the capped exponential")
    func backoffSchedule() {
        let low = AWSRetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 0 })
        let high = AWSRetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 1 })
        #expect(
            (1...6).map { low.delay(beforeRetry: $0) }
                == [50, 100, 200, 400, 500, 500].map { Duration.milliseconds($0) })
        #expect(
            (1...6).map { high.delay(beforeRetry: $0) }
                == [100, 200, 400, 800, 1000, 1000].map { Duration.milliseconds($0) })
        #expect(AWSRetryPolicy.none.maxAttempts == 1)
    }

    @Test("a network failure that persists says which endpoint could not be reached")
    func unreachable() async throws {
        let failure = ScriptedHTTPTransport.Reply.failure(
            CoreError(code: .unavailable, message: "cannot connect to http://127.0.0.1:1/"))
        let (client, _, _) = try Self.client([failure, failure], policy: AWSRetryPolicy(maxAttempts: 2, random: { 1 }))
        let error = await #expect(throws: CoreError.self) { try await client.describeClusters(["c"]) }
        #expect(error?.code == .unavailable)
        #expect(
            error?.message.contains(
                "cannot reach ECS at https://ecs.us-east-1.amazonaws.com for DescribeClusters (2 attempts)") == true)
    }

    // MARK: - Error mapping

    struct Mapping: Sendable, CustomTestStringConvertible {
        var reply: ScriptedHTTPTransport.Reply
        var code: CoreError.Code
        var needles: [String]
        var testDescription: String { needles.first ?? "" }
    }

    static let mappings: [Mapping] = [
        Mapping(
            reply: .awsError(
                400, "UnrecognizedClientException", "The security token included in the request is invalid."),
            code: .unauthorized,
            needles: ["UnrecognizedClientException", "AKIDTEST", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN"]),
        Mapping(
            reply: .awsError(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
            code: .unauthorized,
            needles: ["InvalidClientTokenId", "does not recognise access key id AKIDTEST from environment"]),
        Mapping(
            reply: .awsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"),
            code: .unauthorized,
            needles: ["SignatureDoesNotMatch", "AWS_SECRET_ACCESS_KEY", "clock"]),
        Mapping(
            reply: .awsError(400, "ExpiredTokenException", "The security token included in the request is expired"),
            code: .unauthorized,
            needles: [
                "ExpiredTokenException", "refresh your session credentials", "aws sso login", "AWS_SESSION_TOKEN",
            ]),
        Mapping(
            reply: .awsError(403, "ExpiredToken", "expired"), code: .unauthorized,
            needles: ["ExpiredToken", "refresh your session credentials"]),
        Mapping(
            reply: .awsError(
                400, "AccessDeniedException",
                "User: arn:aws:iam::1:user/x is not authorized to perform: ecs:DescribeTasks"),
            code: .forbidden, needles: ["AccessDeniedException", "ecs:DescribeTasks", "iam:PassRole"]),
        Mapping(
            reply: .awsError(400, "ClusterNotFoundException", "Cluster not found."), code: .notFound,
            needles: [
                "ClusterNotFoundException", "cluster 'c' does not exist in region us-east-1",
                "aws ecs create-cluster --cluster-name c",
            ]),
        Mapping(
            reply: .awsError(400, "InvalidParameterException", "Task definition does not support launch_type FARGATE."),
            code: .invalidInput,
            needles: ["InvalidParameterException", "does not support launch_type FARGATE", "taskDefinition"]),
        Mapping(
            reply: .awsError(400, "ClientException", "Unable to describe task definition."), code: .invalidInput,
            needles: ["ClientException", "Unable to describe task definition"]),
        Mapping(
            reply: .json(
                400, #"{"__type":"com.amazonaws.ecs#ClusterNotFoundException","Message":"Cluster not found."}"#),
            code: .notFound,
            needles: ["HTTP 400, ClusterNotFoundException): Cluster not found."]),
        Mapping(
            reply: .response(
                HTTPResponseData(
                    status: 400, headers: ["x-amzn-errortype": "ClusterNotFoundException:http://internal.amazon.com/"],
                    body: [])),
            code: .notFound, needles: ["ClusterNotFoundException", "no details"]),
        Mapping(
            reply: .xml(
                403,
                """
                <?xml version="1.0" encoding="utf-8"?>
                <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
                """), code: .unauthorized,
            needles: [
                "(HTTP 403, SignatureDoesNotMatch): The request signature we calculated", "AWS_SECRET_ACCESS_KEY",
            ]),
        Mapping(
            reply: .xml(
                403,
                "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></Errors></ErrorResponse>"
            ),
            code: .unauthorized, needles: ["InvalidClientTokenId", "AKIDTEST"]),
        Mapping(
            reply: .raw(404, "<html>not here</html>"), code: .notFound,
            needles: ["HTTP 404", "<html>not here</html>", "endpoint"]),
        Mapping(reply: .raw(401, ""), code: .unauthorized, needles: ["HTTP 401", "credentials"]),
    ]

    @Test("AWS errors, JSON and XML, map to codes and messages that say how to fix them", arguments: mappings)
    func errorMapping(_ mapping: Mapping) async throws {
        let (client, transport, _) = try Self.client([mapping.reply])
        let error = await #expect(throws: CoreError.self) {
            try await client.describeTasks(cluster: "c", tasks: ["abc"])
        }
        #expect(error?.code == mapping.code)
        for needle in mapping.needles {
            #expect(error?.message.contains(needle) == true, "missing '\(needle)' in: \(error?.message ?? "")")
        }
        #expect(error?.message.contains(Self.secret) == false)
        #expect(transport.requests.count == 1, "client errors are not retried")
    }

    @Test("RunTask failures with HTTP 200 become a launch error with a hint")
    func runTaskFailures() async throws {
        let body =
            #"{"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:1:container-instance/x","reason":"RESOURCE:MEMORY"}]}"#
        let (client, _, _) = try Self.client([.json(200, body), .json(200, #"{"tasks":[],"failures":[]}"#)])
        let request = ECSRunTaskRequest(cluster: "c", taskDefinition: "td")
        let error = await #expect(throws: CoreError.self) { try await client.runTask(request) }
        #expect(error?.code == .launch)
        #expect(
            error?.message.contains(
                "ECS could not start a task: RESOURCE:MEMORY for arn:aws:ecs:us-east-1:1:container-instance/x") == true)
        #expect(error?.message.contains("add capacity") == true)
        let empty = await #expect(throws: CoreError.self) { try await client.runTask(request) }
        #expect(empty?.message.contains("neither a task nor a failure") == true)
    }

    @Test(
        "garbage, truncated and empty 200 bodies are clear errors naming the endpoint",
        arguments: [
            ("not json at all", "truncated or invalid JSON"),
            (#"{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/abc","lastSta"#, "truncated or invalid JSON"),
            ("", "the body is empty"),
            (#"{"tasks":[{"lastStatus":"RUNNING"}]}"#, "missing field 'taskArn' at tasks.[0]"),
            (#"{"tasks":"nope"}"#, "unexpected value at tasks"),
        ])
    func garbage(_ body: String, _ needle: String) async throws {
        let (client, transport, _) = try Self.client([.raw(200, body)])
        let error = await #expect(throws: CoreError.self) {
            try await client.describeTasks(cluster: "c", tasks: ["abc"])
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains(needle) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("https://ecs.us-east-1.amazonaws.com") == true)
        #expect(transport.requests.count == 1)
    }

    @Test("a service message that echoes the secret or the session token is redacted")
    func echoedSecretRedacted() async throws {
        let (client, _, _) = try Self.client(
            [.awsError(400, "InvalidParameterException", "bad value \(Self.secret) and \(Self.token)")],
            credentials: Self.temporary)
        let error = await #expect(throws: CoreError.self) { try await client.describeClusters(["c"]) }
        #expect(error?.message.contains(Self.secret) == false)
        #expect(error?.message.contains(Self.token) == false)
        #expect(error?.message.contains("bad value <redacted> and <redacted>") == true)
    }

    // MARK: - Models

    @Test("botocore's DescribeTasks and RunTask examples decode")
    func botocoreExamples() throws {
        struct Example<Output: Decodable>: Decodable { var output: Output }
        let describe = try JSONDecoder().decode(
            Example<ECSTasksResponse>.self,
            from: Data(try Fixtures.text("ecs/botocore-example-DescribeTasks.json").utf8))
        #expect(describe.output.tasks.first?.lastStatus == "RUNNING")
        #expect(describe.output.tasks.first?.containers?.first?.name == "ecs-demo")
        let run = try JSONDecoder().decode(
            Example<ECSTasksResponse>.self, from: Data(try Fixtures.text("ecs/botocore-example-RunTask.json").utf8))
        #expect(run.output.tasks.first?.lastStatus == "PENDING")
        #expect(run.output.failures.isEmpty)
    }

    @Test(
        "a Fargate task's address comes from the ENI attachment, else from the container's interfaces; dates are epoch seconds"
    )
    func taskAddress() throws {
        let json = """
            {"tasks":[{"taskArn":"arn:t/1","lastStatus":"RUNNING","startedAt":1700000000.5,
              "attachments":[{"type":"ElasticNetworkInterface","status":"ATTACHED","details":[
                {"name":"subnetId","value":"subnet-1"},{"name":"networkInterfaceId","value":"eni-1"},{"name":"privateIPv4Address","value":"10.0.1.5"}]}],
              "containers":[{"name":"rclaude","networkInterfaces":[{"attachmentId":"a","privateIpv4Address":"10.0.1.6"}]}]},
             {"taskArn":"arn:t/2","containers":[{"name":"rclaude","networkInterfaces":[{"privateIpv4Address":"10.0.2.7"}]}]}]}
            """
        let response = try ECSClient.decoder.decode(ECSTasksResponse.self, from: Data(json.utf8))
        #expect(response.tasks[0].privateIPv4Address == "10.0.1.5")
        #expect(response.tasks[0].networkInterfaceID == "eni-1")
        #expect(response.tasks[0].startedAt == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(response.tasks[1].privateIPv4Address == "10.0.2.7")
        #expect(response.tasks[1].networkInterfaceID == nil)
    }
}
