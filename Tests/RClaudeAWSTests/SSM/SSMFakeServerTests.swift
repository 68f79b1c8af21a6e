import Foundation
import RClaudeCore
import Testing

@testable import RClaudeAWS

/// The data channel and the WebSocket client against `fake_ssm.py`: a real shell under a PTY
/// behind the SSM protocol, with fault modes. Serialized: each test runs a shell, and the
/// machine has two cores.
@Suite(.serialized, .enabled(if: FakeSSMServer.isAvailable, "python3 is not available (set RCLAUDE_TEST_PYTHON)"))
struct SSMFakeServerTests {
    struct Live {
        let server: FakeSSMServer
        let channel: SSMDataChannel
        let collector: OutputCollector

        func type(_ text: String) async throws { try await channel.write(Array(text.utf8)) }

        func waitForLine(_ line: String, timeout: Duration = .seconds(60)) async -> Bool {
            await eventually(timeout: timeout) { collector.lines.contains(line) }
        }

        /// Types `exit` and waits for `channel_closed`.
        func exit() async throws -> SSMChannelClosure {
            try await type("exit\r")
            return try await withTimeout(.seconds(60), "channel_closed after exit") {
                try await channel.waitUntilClosed()
            }
        }
    }

    static func live(
        mode: String = "", chunk: Int = 1024, token: String? = nil,
        configuration: SSMDataChannelConfiguration = SSMDataChannelConfiguration()
    ) async throws -> Live {
        let server = try await FakeSSMServer.start(mode: mode, chunk: chunk)
        do {
            let transport = try await SSMWebSocketClient.connect(to: server.url)
            let channel = SSMDataChannel(
                transport: transport, token: token ?? server.token, configuration: configuration)
            let collector = OutputCollector(channel.output, events: channel.events)
            try await channel.open()
            return Live(server: server, channel: channel, collector: collector)
        } catch {
            server.stop()
            throw error
        }
    }

    // MARK: - A shell

    @Test func echoHi() async throws {
        let live = try await Self.live()
        defer { live.server.stop() }
        #expect(await live.collector.waitFor("$ "), "no prompt: \(live.collector.text) \(live.server.log)")
        try await live.type("echo hi\r")
        #expect(await live.waitForLine("hi"), "output: \(live.collector.text)")
        let closure = try await live.exit()
        #expect(closure.reason == .channelClosed)
        #expect(await eventually { live.collector.isFinished })
        let stats = await live.server.stats()
        #expect(stats["token_ok"] as? Bool == true)
        #expect(
            stats["request_target"] as? String
                == "/v1/data-channel/ecs-execute-command-0123?role=publish_subscribe&cell-number=AAAA%3D%3D")
        #expect(stats["ack_mismatches"] as? Int == 0)
        #expect(stats["unacked_at_end"] as? Int == 0, "every output message was acknowledged")
        #expect(stats["acks_received"] as? Int == stats["output_messages"] as? Int)
        let response = stats["handshake_response"] as? [String: Any]
        #expect((response?["ProcessedClientActions"] as? [[String: Any]])?.first?["ActionStatus"] as? Int == 1)
    }

    @Test func sttySizeFollowsResize() async throws {
        let live = try await Self.live()
        defer { live.server.stop() }
        #expect(await live.collector.waitFor("$ "))
        try await live.channel.resize(rows: 33, cols: 97)
        try await live.type("stty size\r")
        #expect(await live.waitForLine("33 97"), "output: \(live.collector.text)")
        try await live.channel.resize(TerminalSize(rows: 50, cols: 200))
        try await live.type("stty size\r")
        #expect(await live.waitForLine("50 200"), "output: \(live.collector.text)")
        _ = try await live.exit()
        let sizes = await live.server.stats()["sizes"] as? [[Int]]
        #expect(sizes == [[33, 97], [50, 200]])
    }

    // MARK: - Fault modes: output exactly once, in order

    static let faultModes = [
        "", "drop", "duplicate", "reorder", "duplicate,reorder", "noack", "baddigest", "pause", "nohandshake",
        "drop,duplicate,reorder,baddigest,noack",
    ]

    @Test(arguments: faultModes)
    func outputArrivesExactlyOnceInOrder(mode: String) async throws {
        let live = try await Self.live(mode: mode, chunk: 7)
        defer { live.server.stop() }
        #expect(await live.collector.waitFor("$ "), "no prompt in mode \(mode): \(live.collector.text)")
        try await live.type("seq 1 300; echo EN''D\r")
        #expect(await live.waitForLine("END"), "mode \(mode): \(live.collector.text.suffix(300))")
        let numbers = live.collector.lines.compactMap { Int($0) }
        #expect(numbers == Array(1...300), "mode \(mode): numbers out of order or repeated")
        #expect(live.collector.lines.filter { $0 == "END" }.count == 1, "the command ran once")
        // All input acknowledged (in noack mode only after the client resent the keystrokes).
        #expect(await eventually(timeout: .seconds(30)) { await live.channel.unacknowledgedCount == 0 })
        let closure = try await live.exit()
        #expect(closure.reason == .channelClosed)

        let client = await live.channel.statistics
        let server = await live.server.stats()
        #expect(server["unacked_at_end"] as? Int == 0)
        #expect(server["ack_mismatches"] as? Int == 0)
        #expect(server["bad_client_frames"] as? Int == 0)
        let modes = Set(mode.split(separator: ",").map(String.init))
        if modes.contains("drop") {
            #expect(server["dropped"] as? Int == 1)
            #expect((server["retransmits"] as? Int ?? 0) >= 1)
        }
        if modes.contains("duplicate") { #expect(client.duplicatesIgnored > 0) }
        if modes.contains("reorder") { #expect(client.outOfOrderBuffered > 0) }
        if modes.contains("noack") {
            #expect(client.retransmissions >= 1)
            #expect((server["input_duplicates"] as? Int ?? 0) >= 1)
        }
        if modes.contains("baddigest") {
            #expect(server["corrupted"] as? Int == 1)
            #expect(client.invalidMessagesDropped == 1)
            #expect(
                live.collector.events.contains {
                    if case .invalidMessageDropped(.digestMismatch) = $0 { true } else { false }
                })
        }
        if modes.contains("pause") {
            #expect(server["inputs_while_paused"] as? Int == 0)
            #expect(live.collector.events.contains(.publicationPaused))
            #expect(live.collector.events.contains(.publicationResumed))
        }
        if modes.contains("nohandshake") {
            #expect(server["handshake_response"] is NSNull)
        }
    }

    // MARK: - Endings

    @Test func givesUpWhenNothingIsAcknowledged() async throws {
        let configuration = SSMDataChannelConfiguration(
            initialRetransmissionTimeout: .milliseconds(100), maximumRetransmissionTimeout: .milliseconds(200),
            retransmissionCheckInterval: .milliseconds(50), maximumRetransmissions: 3)
        let live = try await Self.live(mode: "silent", configuration: configuration)
        defer { live.server.stop() }
        do {
            _ = try await withTimeout(.seconds(30), "give-up") { try await live.channel.waitUntilClosed() }
            Issue.record("the session should fail")
        } catch let error as CoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("stopped answering"), "\(error.message)")
        }
    }

    @Test func aCutConnectionEndsTheSessionWithAnError() async throws {
        let live = try await Self.live(mode: "abort")
        defer { live.server.stop() }
        do {
            _ = try await withTimeout(.seconds(30), "abort") { try await live.channel.waitUntilClosed() }
            Issue.record("the session should fail")
        } catch let error as CoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("without channel_closed"), "\(error.message)")
        }
        #expect(await eventually { live.collector.isFinished })
    }

    @Test func aWrongTokenIsRefused() async throws {
        let live = try await Self.live(token: "WRONG")
        defer { live.server.stop() }
        do {
            _ = try await withTimeout(.seconds(30), "refusal") { try await live.channel.waitUntilClosed() }
            Issue.record("the session should fail")
        } catch let error as CoreError {
            #expect(error.message.contains("1008"), "\(error.message)")
            #expect(error.message.contains("invalid token"))
            #expect(error.message.contains("session token may be invalid"))
        }
        #expect(await live.server.stats()["token_ok"] as? Bool == false)
    }

    @Test func kmsEncryptionIsDeclinedWithAReason() async throws {
        let live = try await Self.live(mode: "kms")
        defer { live.server.stop() }
        let closure = try await withTimeout(.seconds(30), "kms close") { try await live.channel.waitUntilClosed() }
        #expect(closure.reason == .channelClosed)
        #expect(closure.output.contains("KMS encryption is required"))
        #expect(closure.output.contains("rclaude declined"))
        #expect(live.collector.events.contains { if case .actionsDeclined = $0 { true } else { false } })
    }

    @Test func closingFromTheClientDoesNotHang() async throws {
        let live = try await Self.live()
        defer { live.server.stop() }
        #expect(await live.collector.waitFor("$ "))
        let started = ContinuousClock.now
        await live.channel.close()
        let closure = try await withTimeout(.seconds(5), "close") { try await live.channel.waitUntilClosed() }
        #expect(closure.reason == .closedByClient)
        #expect(ContinuousClock.now - started < .seconds(4))
        #expect(await eventually { live.collector.isFinished })
        #expect(await live.server.stats()["token_ok"] as? Bool == true, "the server saw the session end")
    }

    @Test func connectingToNothingFailsFast() async throws {
        let server = try await FakeSSMServer.start()
        let port = server.port
        server.stop()
        await #expect(throws: CoreError.self) {
            _ = try await SSMWebSocketClient.connect(
                to: "ws://127.0.0.1:\(port)/", options: SSMWebSocketClient.Options(connectTimeout: .seconds(3)))
        }
    }

    // MARK: - TLS

    static func makeCertificate() throws -> (cert: String, key: String)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
            "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? (dir + "/cert.pem", dir + "/key.pem") : nil
    }

    @Test func wssWithATrustedCertificate() async throws {
        guard let tls = try Self.makeCertificate() else { return }
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: tls.cert).deletingLastPathComponent().path)
        }
        let server = try await FakeSSMServer.start(tls: tls)
        defer { server.stop() }
        for host in ["localhost", "127.0.0.1"] {
            let transport = try await SSMWebSocketClient.connect(
                to: "wss://\(host):\(server.port)/v1/data-channel/s?x=1",
                options: SSMWebSocketClient.Options(caFile: tls.cert))
            let channel = SSMDataChannel(transport: transport, token: server.token)
            let collector = OutputCollector(channel.output)
            try await channel.open()
            #expect(await collector.waitFor("$ "))
            try await channel.write(Array("echo over-tls\r".utf8))
            #expect(
                await eventually(timeout: .seconds(30)) { collector.lines.contains("over-tls") }, "\(collector.text)")
            try await channel.write(Array("exit\r".utf8))
            let closure = try await withTimeout(.seconds(30), "tls exit") { try await channel.waitUntilClosed() }
            #expect(closure.reason == .channelClosed)
        }
    }

    @Test func wssRejectsAnUntrustedCertificate() async throws {
        guard let tls = try Self.makeCertificate() else { return }
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: tls.cert).deletingLastPathComponent().path)
        }
        let server = try await FakeSSMServer.start(tls: tls)
        defer { server.stop() }
        do {
            _ = try await SSMWebSocketClient.connect(to: "wss://localhost:\(server.port)/")
            Issue.record("an untrusted certificate was accepted")
        } catch let error as CoreError {
            #expect(error.message.contains("certificate"), "\(error.message)")
        }
    }
}
