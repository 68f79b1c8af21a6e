import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeHTTP
import Testing

@Suite struct E2BClientTests {
    // MARK: - Scripted

    @Test func retriesRateLimitsAndServerErrorsWithBackoff() async throws {
        let created =
            #"{"templateID":"base","sandboxID":"sbx1","clientID":"x","envdVersion":"0.5.7","envdAccessToken":"tok"}"#
        let transport = ScriptedHTTPTransport { _, index in
            switch index {
            case 0: .json(503, #"{"code":503,"message":"no capacity"}"#)
            case 1: .json(429, #"{"code":429,"message":"slow down"}"#, headers: ["retry-after": "3"])
            default: .json(201, created)
            }
        }
        let sleeps = SleepLog()
        let client = E2BClient(
            baseURL: "https://api.example", apiKey: "e2b_k", transport: transport,
            retry: E2BRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(500)), sleep: sleeps.sleeper)
        let sandbox = try await client.createSandbox(
            E2BSandboxRequest(templateID: "base", timeout: 60, metadata: ["rclaude.task": "t"]))
        #expect(sandbox.sandboxID == "sbx1")
        #expect(sandbox.envdAccessToken == "tok")
        #expect(sleeps.all == [.milliseconds(500), .seconds(3)])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST" && request.url == "https://api.example/sandboxes")
        #expect(request.headers.contains { $0.name == "X-API-Key" && $0.value == "e2b_k" })
        let body = try JSONSerialization.jsonObject(with: Data(request.body ?? [])) as? [String: Any]
        #expect(body?["templateID"] as? String == "base")
        #expect(body?["timeout"] as? Int == 60)
        #expect((body?["metadata"] as? [String: String]) == ["rclaude.task": "t"])
    }

    @Test func retriesAreBounded() async throws {
        let transport = ScriptedHTTPTransport { _, _ in .json(502, #"{"code":502,"message":"bad gateway"}"#) }
        let sleeps = SleepLog()
        let client = E2BClient(
            baseURL: "https://api.example", apiKey: "k", transport: transport,
            retry: E2BRetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(8)), sleep: sleeps.sleeper)
        let error = await #expect(throws: CoreError.self) { try await client.sandbox("sbx1") }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(transport.requests.count == 3)
        #expect(sleeps.all == [.seconds(1), .seconds(2)])
        #expect(E2BRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(8)).delay(afterAttempt: 10) == .seconds(8))
    }

    @Test func decodesDetailsAndComputesTimeLeft() async throws {
        let transport = ScriptedHTTPTransport { request, _ in
            #expect(request.url == "https://api.example/sandboxes/sbx1")
            return .json(200, sandboxDetailJSON)
        }
        let client = E2BClient(baseURL: "https://api.example/", apiKey: "k", transport: transport)
        let detail = try await client.sandbox("sbx1")
        #expect(detail.state == .running)
        #expect(detail.metadata?["rclaude.task"] == "0123456789ab")
        let endAt = try #require(ISO8601DateFormatter().date(from: "2025-01-02T04:04:05Z")).addingTimeInterval(0.5)
        #expect(abs(detail.endAt.timeIntervalSince(endAt)) < 0.001)
        #expect(detail.timeRemaining(now: endAt.addingTimeInterval(-90)) == .seconds(90))
        #expect(detail.timeRemaining(now: endAt.addingTimeInterval(5)) == .zero)
    }

    @Test func missingSandboxSaysItIsGone() async throws {
        let transport = ScriptedHTTPTransport { _, _ in
            .json(404, #"{"code":404,"message":"sandbox \"sbx1\" not found"}"#)
        }
        let client = E2BClient(baseURL: "https://api.example", apiKey: "k", transport: transport)
        let error = await #expect(throws: CoreError.self) { try await client.setTimeout("sbx1", seconds: 60) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("sandbox sbx1 no longer exists (killed or timed out)") == true)
        #expect(try await client.killSandbox("sbx1") == false)
    }

    // MARK: - Configuration

    @Test func configurationComesFromTheEnvironment() throws {
        let error = #expect(throws: CoreError.self) { try E2BProvider(environment: [:]) }
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("E2B_API_KEY is not set") == true)

        let defaults = try E2BProviderOptions.fromEnvironment([:])
        #expect(defaults.template == "base")
        #expect(defaults.sandboxTimeout == 3600)
        #expect(defaults.apiURL == "https://api.e2b.app")
        #expect(defaults.envdURL == nil)

        let custom = try E2BProviderOptions.fromEnvironment([
            "RCLAUDE_E2B_TEMPLATE": "rclaude-agents", "RCLAUDE_E2B_TIMEOUT": "7200", "E2B_DOMAIN": "e2b.example.com",
        ])
        #expect(custom.template == "rclaude-agents")
        #expect(custom.sandboxTimeout == 7200)
        #expect(custom.apiURL == "https://api.e2b.example.com")
        #expect(
            try E2BProviderOptions.fromEnvironment(["E2B_API_URL": "http://127.0.0.1:1"]).apiURL == "http://127.0.0.1:1"
        )
        #expect(try E2BProviderOptions.fromEnvironment(["E2B_DEBUG": "true"]).envdURL == "http://localhost:49983")

        let bad = #expect(throws: CoreError.self) {
            try E2BProviderOptions.fromEnvironment(["RCLAUDE_E2B_TIMEOUT": "1h"])
        }
        #expect(bad?.message.contains("RCLAUDE_E2B_TIMEOUT") == true)
        let provider = try E2BProvider(environment: ["E2B_API_KEY": "e2b_x"])
        #expect(provider.name == "e2b")
        #expect(provider.client.baseURL == "https://api.e2b.app")
    }

    @Test func envdIsReachedAsTheSDKsDo() {
        let own = EnvdEndpoint.resolve(sandboxID: "sbx1", domain: "e2b.app", accessToken: "tok")
        #expect(own.baseURL == "https://sandbox.e2b.app")
        #expect(
            own.headers == [
                .init("E2b-Sandbox-Id", "sbx1"), .init("E2b-Sandbox-Port", "49983"), .init("X-Access-Token", "tok"),
            ])
        #expect(
            EnvdEndpoint.resolve(sandboxID: "sbx1", domain: "e2b.example.com", accessToken: nil).baseURL
                == "https://49983-sbx1.e2b.example.com")
        #expect(
            EnvdEndpoint.resolve(
                sandboxID: "sbx1", domain: "e2b.app", accessToken: nil, override: "http://127.0.0.1:9/"
            ).baseURL
                == "http://127.0.0.1:9")
    }

    @Test func workspaceReferencesRoundTrip() throws {
        let reference = E2BSandboxReference(sandboxID: "ib3x", workspacePath: "/home/user/workspace")
        #expect(reference.reference == "e2b://ib3x/home/user/workspace")
        #expect(try E2BSandboxReference(reference: reference.reference) == reference)
        #expect(throws: (any Error).self) { try E2BSandboxReference(reference: "rclaude-1:/workspace") }
        #expect(throws: (any Error).self) { try E2BSandboxReference(reference: "e2b:///home/user") }
        #expect(throws: (any Error).self) { try E2BSandboxReference(reference: "e2b://ib3x") }
    }

    // MARK: - Against the fake server

    @Test func wrongKeyIsRejectedWithAdvice() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let client = server.client(apiKey: "e2b_wrong")
        let error = await #expect(throws: CoreError.self) {
            try await client.createSandbox(E2BSandboxRequest(templateID: "base", timeout: 60))
        }
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("check E2B_API_KEY") == true)
        #expect(error?.message.contains("HTTP 401") == true)
    }

    @Test func sandboxLifecycleAgainstTheFake() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let client = server.client()
        let sandbox = try await client.createSandbox(
            E2BSandboxRequest(templateID: "base", timeout: 120, metadata: ["rclaude.task": "feedbeef"]))
        #expect(sandbox.envdAccessToken?.isEmpty == false)

        let listed = try await client.listSandboxes(metadata: ["rclaude.task": "feedbeef"])
        #expect(listed.map(\.sandboxID) == [sandbox.sandboxID])
        #expect(try await client.listSandboxes(metadata: ["rclaude.task": "other"]).isEmpty)

        let before = try await client.sandbox(sandbox.sandboxID).timeRemaining()
        #expect(before > .seconds(100) && before <= .seconds(120))
        try await client.setTimeout(sandbox.sandboxID, seconds: 900)
        let after = try await client.sandbox(sandbox.sandboxID).timeRemaining()
        #expect(after > .seconds(890) && after <= .seconds(900))

        #expect(try await client.killSandbox(sandbox.sandboxID))
        #expect(try await client.killSandbox(sandbox.sandboxID) == false)
        let error = await #expect(throws: CoreError.self) { try await client.sandbox(sandbox.sandboxID) }
        #expect(error?.message.contains("no longer exists (killed or timed out)") == true)

        let template = await #expect(throws: CoreError.self) {
            try await client.createSandbox(E2BSandboxRequest(templateID: "missing-template", timeout: 60))
        }
        #expect(template?.code == .notFound)
        #expect(template?.message.contains("RCLAUDE_E2B_TEMPLATE") == true)
    }
}
