import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// ExecuteCommand over a scripted ECS endpoint, wired to the data channel of `fake_ssm.py`.
@Suite struct ECSExecSessionOverSSMTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDTEST", secretAccessKey: "TESTSECRETabcdefghijklmnop", source: "environment")

    static func executeCommandReply(token: String, streamURL: String) -> ScriptedHTTPTransport.Reply {
        .json(
            200,
            #"""
            {"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/dev","containerArn":"arn:aws:ecs:us-east-1:123456789012:container/dev/abc/def","containerName":"agent","interactive":true,"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/dev/abc","session":{"sessionId":"ecs-execute-command-0123","streamUrl":"\#(streamURL)","tokenValue":"\#(token)"}}
            """#)
    }

    static func client(_ replies: [ScriptedHTTPTransport.Reply]) throws -> (ECSClient, ScriptedHTTPTransport) {
        let transport = ScriptedHTTPTransport(replies)
        let client = try ECSClient(
            region: "us-east-1", credentials: credentials, transport: transport, clock: TestAWSClock(),
            retryPolicy: AWSRetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        return (client, transport)
    }

    @Test func executeCommandRequestShape() async throws {
        let (client, transport) = try Self.client([
            Self.executeCommandReply(
                token: "SECRET-TOKEN", streamURL: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x?a=b")
        ])
        let response = try await client.executeCommand(
            ECSExecuteCommandRequest(
                cluster: "dev", task: "arn:aws:ecs:us-east-1:123456789012:task/dev/abc", container: "agent"))
        #expect(transport.operations == ["ExecuteCommand"])
        let body = transport.body(0)
        #expect(body["cluster"] as? String == "dev")
        #expect(body["task"] as? String == "arn:aws:ecs:us-east-1:123456789012:task/dev/abc")
        #expect(body["container"] as? String == "agent")
        #expect(body["command"] as? String == "/bin/sh")
        #expect(body["interactive"] as? Bool == true)
        let request = try #require(transport.requests.first)
        #expect(header(request, "X-Amz-Target") == "AmazonEC2ContainerServiceV20141113.ExecuteCommand")
        #expect(header(request, "Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTEST/") == true)
        #expect(response.session.sessionID == "ecs-execute-command-0123")
        #expect(response.session.streamURL == "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x?a=b")
        #expect(response.session.tokenValue == "SECRET-TOKEN")
        #expect(!"\(response.session)".contains("SECRET-TOKEN"))
    }

    @Test func explainsECSExecPrerequisites() async throws {
        let (client, _) = try Self.client([
            .awsError(
                400, "TargetNotConnectedException",
                "The execute command failed due to an internal error. Try again later.")
        ])
        do {
            _ = try await client.executeCommand(ECSExecuteCommandRequest(cluster: "dev", task: "abc", container: nil))
            Issue.record("expected an error")
        } catch let error as CoreError {
            #expect(error.message.contains("TargetNotConnectedException"))
            #expect(error.message.contains("enableExecuteCommand"))
            #expect(error.message.contains("ssmmessages:"))
        }
    }

    @Test func aBadStreamURLFailsClearly() async throws {
        let (client, _) = try Self.client([Self.executeCommandReply(token: "t", streamURL: "https://example.com/x")])
        do {
            _ = try await ECSExecSession.start(
                client: client, request: ECSExecuteCommandRequest(cluster: nil, task: "abc", container: nil))
            Issue.record("expected an error")
        } catch let error as CoreError {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("ecs-execute-command-0123"))
        }
    }

    @Test(.enabled(if: FakeSSMServer.isAvailable, "python3 is not available"))
    func startAttachesToTheTasksShell() async throws {
        let server = try await FakeSSMServer.start()
        defer { server.stop() }
        let (client, _) = try Self.client([
            Self.executeCommandReply(
                token: server.token,
                streamURL: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0123?x=y")
        ])
        let session = try await ECSExecSession.start(
            client: client, request: ECSExecuteCommandRequest(cluster: "dev", task: "abc", container: "agent"),
            size: TerminalSize(rows: 40, cols: 120), streamURLOverride: server.url)
        let terminal: any TerminalSession = session
        let collector = OutputCollector(terminal.output)
        #expect(await collector.waitFor("$ "))
        await terminal.send(Array("stty size\r".utf8))
        #expect(await eventually(timeout: .seconds(30)) { collector.lines.contains("40 120") }, "\(collector.text)")
        await terminal.resize(TerminalSize(rows: 24, cols: 80))
        await terminal.send(Array("stty size; exit\r".utf8))
        let closure = try await withTimeout(.seconds(30), "exit") { try await session.wait() }
        #expect(closure.reason == .channelClosed)
        #expect(collector.lines.contains("24 80"))
        let stats = await server.stats()
        #expect(stats["sizes"] as? [[Int]] == [[40, 120], [24, 80]])
        #expect(stats["token_ok"] as? Bool == true)
    }
}
