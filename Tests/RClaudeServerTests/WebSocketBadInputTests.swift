import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RClaudeCore
import RClaudeRemote
import RClaudeServer
import RClaudeTestSupport
import Testing

/// The WebSocket routes against clients that misbehave: each is refused or dropped on its own,
/// and a well-behaved client keeps getting its stream meanwhile.
@Suite struct WebSocketBadInputTests {
    /// Runs a live server, creates a shell task printing `command`'s output, and hands over the
    /// port, the task id and a REST client.
    static func withTask(
        _ command: String, limits: ServerLimits = ServerLimits(), interactive: Bool = false,
        _ body: @Sendable (Int, TaskID, RemoteAPIClient, ServerFixture) async throws -> Void
    ) async throws {
        let fixture = try ServerFixture(limits: limits)
        defer { fixture.remove() }
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let tokenFile = fixture.directory.appending("token")
            FileManager.default.createFile(atPath: tokenFile, contents: Data(ServerFixture.token.utf8), attributes: [.posixPermissions: 0o600])
            let endpoint = try RemoteEndpoint(name: "t", url: "http://127.0.0.1:\(port)", tokenFile: tokenFile)
            let api = try RemoteAPIClient(endpoint: endpoint)
            let record = try await api.create(
                interactive
                    ? CreateTaskRequest(prompt: command, agent: "shell", interactive: true, rows: 24, cols: 80)
                    : CreateTaskRequest(prompt: command, agent: "shell"))
            try await body(port, record.id, api, fixture)
            if interactive { try await api.cancel(record.id) }
        }
    }

    static func waitForEnd(_ api: RemoteAPIClient, _ id: TaskID) async throws -> TaskRecord {
        for _ in 0..<400 {
            let record = try await api.task(id)
            if record.status.isTerminal { return record }
            try await Task.sleep(for: .milliseconds(25))
        }
        return try await api.task(id)
    }

    @Test func aResumeFromTheFutureIsAnErrorMessage() async throws {
        try await Self.withTask("echo short") { port, id, api, _ in
            _ = try await Self.waitForEnd(api, id)
            let text = try await offPool {
                let socket = try RawWebSocket(port: port, path: "/api/tasks/\(id)/output/ws?from=999999", token: ServerFixture.token)
                return String(decoding: socket.readToEnd(), as: UTF8.self)
            }
            #expect(text.contains("\"type\":\"error\""))
            #expect(text.contains("past the end"))
        }
    }

    @Test func invalidUTF8AndOversizedFramesCloseOnlyThatConnection() async throws {
        var limits = ServerLimits()
        limits.maxWebSocketFrame = 4096
        try await Self.withTask("seq 1 200000", limits: limits) { port, id, api, _ in
            try await offPool {
                let badText = try RawWebSocket(port: port, path: "/api/tasks/\(id)/output/ws?from=0", token: ServerFixture.token)
                badText.sendFrame(opcode: 0x1, payload: [0xC3, 0x28, 0xFF])
                let huge = try RawWebSocket(port: port, path: "/api/tasks/\(id)/output/ws?from=0", token: ServerFixture.token)
                huge.sendFrame(opcode: 0x2, payload: [UInt8](repeating: 7, count: 100_000))
                _ = badText.readToEnd()
                _ = huge.readToEnd()  // both end: the server closed them
            }

            var bytes: [UInt8] = []
            for await chunk in RemoteStreamClient(api: api).output(id, from: 0) { bytes += chunk.bytes }
            let expected = (1...200_000).map { "\($0)\n" }.joined()
            #expect(bytes == Array(expected.utf8), "a well-behaved client still gets every byte")
        }
    }

    @Test func aClientThatNeverReadsIsDroppedWhileOthersAreServed() async throws {
        var limits = ServerLimits()
        limits.stallTimeout = .seconds(1)
        try await Self.withTask("head -c 30000000 /dev/zero | od -v -An -tx1 | head -c 30000000", limits: limits) { port, id, api, _ in
            _ = try await Self.waitForEnd(api, id)
            let stalled = try await offPool {
                try RawWebSocket(port: port, path: "/api/tasks/\(id)/output/ws?from=0", token: ServerFixture.token, receiveBuffer: 4096)
            }
            var bytes = 0
            let clock = ContinuousClock()
            let started = clock.now
            for await chunk in RemoteStreamClient(api: api).output(id, from: 0) { bytes += chunk.bytes.count }
            #expect(bytes == 30_000_000)
            try await Task.sleep(for: .seconds(2))
            // The stalled client gets what fit in the socket buffers, then the end of the connection.
            let received = try await offPool { stalled.readToEnd() }
            #expect(received.count < 30_000_000, "the server gave up on the stalled client (\(received.count) bytes)")
            #expect(clock.now - started < .seconds(60))
        }
    }

    @Test func aTerminalTakesFragmentedKeysAndAnswersBadTextWithAnErrorAndKeepsServing() async throws {
        try await Self.withTask("stty raw -echo; echo RE\"\"ADY; exec cat", interactive: true) { port, id, _, _ in
            let screen = try await offPool { () -> [UInt8] in
                let socket = try RawWebSocket(
                    port: port, path: "/api/tasks/\(id)/terminal/ws?from=0&rows=24&cols=80", token: ServerFixture.token)
                _ = socket.readUntil("READY")
                // A key message in three fragments, then text that is not UTF-8, then more keys.
                socket.sendFrame(opcode: 0x2, payload: Array("frag".utf8), fin: false)
                socket.sendFrame(opcode: 0x0, payload: Array("ment".utf8), fin: false)
                socket.sendFrame(opcode: 0x0, payload: Array("ed-keys".utf8))
                socket.sendFrame(opcode: 0x1, payload: [0xC3, 0x28, 0xFF])
                socket.sendFrame(opcode: 0x2, payload: Array("|after".utf8))
                return socket.readUntil("after")
            }
            let frames = RawWebSocket.frames(in: screen)
            let output = frames.filter { $0.opcode == 0x2 }.flatMap { $0.payload.dropFirst(8) }
            let texts = frames.filter { $0.opcode == 0x1 }.map { String(decoding: $0.payload, as: UTF8.self) }
            #expect(String(decoding: output, as: UTF8.self).hasSuffix("fragmented-keys|after"), "every key, in order")
            #expect(texts.contains { $0.contains("\"type\":\"error\"") && $0.contains("not UTF-8") })
        }
    }

    @Test func keysSentTheMomentATerminalConnectsArriveInOrder() async throws {
        try await Self.withTask("exec cat", interactive: true) { port, id, _, _ in
            let expected = (0..<60).map { "\($0)," }.joined()
            let screen = try await offPool { () -> [UInt8] in
                let socket = try RawWebSocket(
                    port: port, path: "/api/tasks/\(id)/terminal/ws?from=0&rows=24&cols=80", token: ServerFixture.token)
                // Sent while the server is still joining the WebSocket to the terminal: some go
                // through the WebSocket handler, some wait in the relay, some go straight in.
                for i in 0..<60 { socket.sendFrame(opcode: 0x2, payload: Array("\(i),".utf8)) }
                return socket.readUntil("59,")
            }
            let output = RawWebSocket.frames(in: screen).filter { $0.opcode == 0x2 }.flatMap { $0.payload.dropFirst(8) }
            #expect(String(decoding: output, as: UTF8.self).contains(expected), "the terminal echoed every key in order")
        }
    }

    @Test func eventsResumeFromAnIndexWithoutRepeats() async throws {
        try await Self.withTask("printf 'a\\nb\\nc\\n'") { _, id, api, _ in
            _ = try await Self.waitForEnd(api, id)
            let all = try await api.events(id, from: 0).events
            #expect(all.count >= 3)
            var resumed: [AgentEvent] = []
            for await event in RemoteStreamClient(api: api).events(id, from: 1) { resumed.append(event) }
            #expect(resumed == Array(all.dropFirst()))
        }
    }
}
