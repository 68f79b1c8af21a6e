import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeHTTP
import Testing

/// The libcurl streaming client against the fake server's raw endpoints.
@Suite struct CurlStreamingTransportTests {
    @Test func cancellingBeforeTheHeadAbortsPromptly() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let transport = CurlStreamingTransport(connectTimeout: .seconds(5), stallTimeout: .seconds(60))
        let request = HTTPRequestSpec(method: "GET", url: server.baseURL + "/_test/stall")
        try await withDeadline(10, "a cancelled request") {
            let opening = Task { try await transport.open(request) }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            opening.cancel()
            await #expect(throws: CancellationError.self) { try await opening.value }
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test func aStalledStreamEndsWithAClearError() async throws {
        let server = try await FakeE2BServer()
        defer { server.stop() }
        let transport = CurlStreamingTransport(connectTimeout: .seconds(5), stallTimeout: .seconds(1))
        try await withDeadline(10, "a stalled request") {
            let error = await #expect(throws: CoreError.self) {
                try await transport.open(
                    HTTPRequestSpec(method: "POST", url: server.baseURL + "/_test/stall", body: [1, 2]))
            }
            #expect(error?.message.contains("sent nothing for") == true)
        }
    }

    @Test func unreachableHostIsAClearError() async throws {
        let transport = CurlStreamingTransport(connectTimeout: .seconds(2))
        try await withDeadline(10, "an unreachable host") {
            // Port 9 on loopback: nothing listens (connection refused at once).
            let error = await #expect(throws: CoreError.self) {
                try await transport.open(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:9/"))
            }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("cannot connect") == true)
        }
    }
}
