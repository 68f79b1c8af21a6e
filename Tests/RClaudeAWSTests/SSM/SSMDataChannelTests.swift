import Foundation
import RClaudeCore
import Testing

@testable import RClaudeAWS

/// The data channel's session logic over a scripted in-memory WebSocket and a scripted clock.
@Suite struct SSMDataChannelTests {
    struct Harness {
        let channel: SSMDataChannel
        let transport: ScriptedWebSocketTransport
        let clock: TestAWSClock
        let collector: OutputCollector

        /// Runs the agent's handshake: request #0, ack of the response, complete #1.
        func handshake() async throws {
            transport.deliver(Agent.handshakeRequest(0))
            #expect(await eventually { transport.sentInput.count >= 1 })
            let response = try #require(transport.sentInput.first)
            transport.deliver(Agent.ack(response))
            transport.deliver(Agent.handshakeComplete(1))
            // The reader handles frames in order: once ready, the response's ack was processed.
            #expect(await eventually { await channel.isReady })
            // Both handshake messages' acknowledgements have reached the transport.
            #expect(await eventually { transport.sentAcks.count >= 2 })
        }

        /// Waits until `count` input messages were sent.
        func input(count: Int) async -> [SSMClientMessage] {
            _ = await eventually { transport.sentInput.count >= count }
            return transport.sentInput
        }
    }

    static func harness(_ configuration: SSMDataChannelConfiguration = manualConfiguration()) async throws -> Harness {
        let transport = ScriptedWebSocketTransport()
        let clock = TestAWSClock()
        let channel = SSMDataChannel(transport: transport, token: "TOKEN-1", configuration: configuration, clock: clock)
        let collector = OutputCollector(channel.output, events: channel.events)
        try await channel.open()
        return Harness(channel: channel, transport: transport, clock: clock, collector: collector)
    }

    // MARK: - Opening and the handshake

    @Test func opensWithTheTokenAsATextFrame() async throws {
        let h = try await Self.harness()
        guard case .text(let text)? = h.transport.sent.first else {
            Issue.record("the first frame is not TEXT: \(h.transport.sent)")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(json["MessageSchemaVersion"] == "1.0")
        #expect(json["TokenValue"] == "TOKEN-1")
        #expect(json["ClientId"] == "c1d2e3f4-0000-4000-8000-000000000001")
        #expect(json["ClientVersion"] == "1.2.0.0")
        #expect(UUID(uuidString: json["RequestId"] ?? "") != nil)
        await h.channel.close()
    }

    @Test func answersTheHandshakeAndAcknowledgesIt() async throws {
        let h = try await Self.harness()
        let request = Agent.handshakeRequest(0)
        h.transport.deliver(request)
        let input = await h.input(count: 1)
        let response = try #require(input.first)
        #expect(response.sequenceNumber == 0)
        #expect(response.payloadType == .handshakeResponse)
        #expect(response.flags == 0 && response.schemaVersion == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.payload)) as? [String: Any])
        #expect(json["ClientVersion"] as? String == "1.2.0.0")
        let actions = try #require(json["ProcessedClientActions"] as? [[String: Any]])
        #expect(actions.count == 1)
        #expect(actions.first?["ActionType"] as? String == "SessionType")
        #expect(actions.first?["ActionStatus"] as? Int == 1)
        #expect((json["Errors"] as? [String])?.isEmpty == true)

        // The request was acknowledged before the response went out.
        let sent = h.transport.sentMessages
        #expect(sent.first?.messageType == .acknowledge)
        #expect(h.transport.sentAcks.first == SSMAcknowledgeContent(acknowledging: request))

        h.transport.deliver(Agent.ack(response))
        h.transport.deliver(Agent.handshakeComplete(1, message: "Welcome"))
        #expect(await eventually { await h.channel.isReady })
        #expect(
            await eventually {
                h.collector.events.contains(
                    .handshakeCompleted(
                        agentVersion: "3.3.0.0", sessionType: "Standard_Stream", customerMessage: "Welcome"))
            })
        await h.channel.close()
    }

    @Test func inputWaitsForTheHandshake() async throws {
        let h = try await Self.harness()
        try await h.channel.resize(rows: 30, cols: 100)
        try await h.channel.write(Array("ls\r".utf8))
        try await Task.sleep(for: .milliseconds(20))
        #expect(h.transport.sentInput.isEmpty)
        try await h.handshake()
        let input = await h.input(count: 3)
        #expect(input.map(\.sequenceNumber) == [0, 1, 2])
        #expect(input.map(\.payloadType) == [.handshakeResponse, .size, .output])
        #expect(input[1].payload == Array(#"{"cols":100,"rows":30}"#.utf8))
        #expect(input[2].payload == Array("ls\r".utf8))
        await h.channel.close()
    }

    @Test func anAgentWithoutHandshakeStartsWithOutput() async throws {
        let h = try await Self.harness()
        try await h.channel.write(Array("id\r".utf8))
        h.transport.deliver(Agent.output(0, "$ "))
        let input = await h.input(count: 1)
        #expect(input.first?.sequenceNumber == 0)
        #expect(input.first?.payloadType == .output)
        #expect(await h.collector.waitFor("$ "))
        await h.channel.close()
    }

    @Test func declinesKMSEncryption() async throws {
        let h = try await Self.harness()
        let actions =
            #"[{"ActionType":"SessionType","ActionParameters":{"SessionType":"Standard_Stream"}},{"ActionType":"KMSEncryption","ActionParameters":{"KMSKeyId":"alias/x"}}]"#
        h.transport.deliver(Agent.handshakeRequest(0, actions: actions))
        let response = try #require(await h.input(count: 1).first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.payload)) as? [String: Any])
        let processed = try #require(json["ProcessedClientActions"] as? [[String: Any]])
        #expect(processed.map { $0["ActionStatus"] as? Int } == [1, 3])
        #expect((json["Errors"] as? [String])?.count == 1)
        h.transport.deliver(Agent.channelClosed("KMS encryption required"))
        let closure = try await h.channel.waitUntilClosed()
        #expect(closure.reason == .channelClosed)
        #expect(closure.output.contains("KMS encryption required"))
        #expect(closure.output.contains("rclaude declined"))
    }

    // MARK: - Output

    @Test func deliversOutputInOrderExactlyOnce() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        for (seq, text) in [(4, "C"), (3, "B"), (2, "A"), (3, "B"), (5, "D"), (2, "A"), (7, "F"), (6, "E")] {
            h.transport.deliver(Agent.output(Int64(seq), text))
        }
        #expect(await h.collector.waitFor("ABCDEF"))
        try await Task.sleep(for: .milliseconds(20))
        #expect(h.collector.text == "ABCDEF")
        let stats = await h.channel.statistics
        #expect(stats.duplicatesIgnored == 2)
        #expect(stats.outOfOrderBuffered == 3)  // 4 and 3 before 2; 7 before 6
        #expect(stats.messagesDelivered == 6)
        // Every arrival was acknowledged, duplicates again.
        let acked = h.transport.sentAcks.map(\.sequenceNumber).filter { $0 >= 2 }
        #expect(acked.sorted() == [2, 2, 3, 3, 4, 5, 6, 7])
        await h.channel.close()
    }

    @Test func acknowledgementsNameTheMessage() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        let id = UUID(uuidString: "ABCDEF01-2345-4678-9ABC-DEF012345678") ?? UUID()
        h.transport.deliver(Agent.output(2, "x", id: id))
        #expect(await eventually { h.transport.sentAcks.contains { $0.sequenceNumber == 2 } })
        let ackMessage = try #require(h.transport.sentMessages.last { $0.messageType == .acknowledge })
        #expect(ackMessage.flags == 3 && ackMessage.sequenceNumber == 0 && ackMessage.payloadType == .none)
        #expect(
            String(decoding: ackMessage.payload, as: UTF8.self)
                == #"{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"abcdef01-2345-4678-9abc-def012345678","AcknowledgedMessageSequenceNumber":2,"IsSequentialMessage":true}"#
        )
        await h.channel.close()
    }

    @Test func aBadDigestIsDroppedUnacknowledgedAndReported() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        var bad = Agent.output(2, "secret").encoded()
        bad[80] ^= 0xFF
        let acksBefore = h.transport.sentAcks.count
        h.transport.deliver(.binary(bad))
        #expect(await eventually { await h.channel.statistics.invalidMessagesDropped == 1 })
        #expect(h.transport.sentAcks.count == acksBefore)
        #expect(h.collector.text.isEmpty)
        #expect(
            await eventually {
                h.collector.events.contains(
                    .invalidMessageDropped(.digestMismatch(messageType: "output_stream_data", sequenceNumber: 2)))
            })
        // The agent resends it intact: delivered once.
        h.transport.deliver(Agent.output(2, "secret"))
        #expect(await h.collector.waitFor("secret"))
        #expect(h.transport.sentAcks.count == acksBefore + 1)
        h.transport.deliver(.binary([1, 2, 3]))
        #expect(await eventually { await h.channel.statistics.invalidMessagesDropped == 2 })
        #expect(await !h.channel.hasEnded)
        await h.channel.close()
    }

    // MARK: - Input

    @Test func inputGetsIncreasingSequenceNumbers() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        try await h.channel.write(Array("a".utf8))
        try await h.channel.write([0x0A])
        try await h.channel.write([UInt8](repeating: 0x62, count: 2500))
        let input = await h.input(count: 6)
        #expect(input.map(\.sequenceNumber) == [0, 1, 2, 3, 4, 5])
        #expect(input[2].payload == [0x0D], "a lone newline is sent as carriage return, as the plugin does")
        #expect(input[3...].map(\.payload.count) == [1024, 1024, 452])
        await h.channel.close()
    }

    @Test func resizeSendsASizePayload() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        try await h.channel.resize(TerminalSize(rows: 40, cols: 120))
        let size = try #require(await h.input(count: 2).last)
        #expect(size.messageType == .inputStreamData)
        #expect(size.payloadType == .size)
        #expect(size.sequenceNumber == 1)
        #expect(size.payload == Array(#"{"cols":120,"rows":40}"#.utf8))
        // The whole frame as the codec lays it out.
        var expected = size
        expected.payload = Array(#"{"cols":120,"rows":40}"#.utf8)
        #expect(size.encoded() == expected.encoded())
        await h.channel.close()
    }

    @Test func retransmitsUnacknowledgedInputAfterTheTimeout() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        try await h.channel.write(Array("x".utf8))
        let first = try #require(await h.input(count: 2).last)
        let frames = {
            h.transport.sent.filter {
                if case .binary(let b) = $0 { return b == first.encoded() } else { return false }
            }.count
        }
        h.clock.advance(by: 0.15)
        await h.channel.retransmitIfDue()
        #expect(h.transport.sentInput.count == 2, "not yet: the RTO is 200 ms")
        h.clock.advance(by: 0.1)
        await h.channel.retransmitIfDue()
        #expect(await eventually { h.transport.sentInput.count == 3 })
        #expect(frames() == 2, "the same frame, byte for byte")
        #expect(await h.channel.statistics.retransmissions == 1)
        #expect(await eventually { h.collector.events.contains(.retransmitted(sequenceNumber: 1, attempt: 1)) })
        h.transport.deliver(Agent.ack(first))
        #expect(await eventually { await h.channel.unacknowledgedCount == 0 })
        h.clock.advance(by: 5)
        await h.channel.retransmitIfDue()
        try await Task.sleep(for: .milliseconds(20))
        #expect(h.transport.sentInput.count == 3)
        await h.channel.close()
    }

    @Test func resendsTheOldestFirst() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        try await h.channel.write(Array("1".utf8))
        try await h.channel.write(Array("2".utf8))
        let sent = await h.input(count: 3)
        h.transport.deliver(Agent.ack(sent[2]))
        #expect(await eventually { await h.channel.unacknowledgedCount == 1 })
        h.clock.advance(by: 0.3)
        await h.channel.retransmitIfDue()
        #expect(await eventually { h.transport.sentInput.count == 4 })
        #expect(h.transport.sentInput.last?.sequenceNumber == 1)
        await h.channel.close()
    }

    @Test func givesUpAfterBoundedRetransmissions() async throws {
        let h = try await Self.harness(manualConfiguration(maximumRetransmissions: 2))
        try await h.handshake()
        try await h.channel.write(Array("x".utf8))
        for _ in 0..<3 {
            h.clock.advance(by: 1.5)
            await h.channel.retransmitIfDue()
        }
        do {
            _ = try await h.channel.waitUntilClosed()
            Issue.record("the session should fail")
        } catch let error as CoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("stopped answering"))
            #expect(error.message.contains("sent 3 times"))
        }
        #expect(await eventually { h.collector.isFinished })
        #expect(await eventually { h.transport.isClosed })
        #expect(h.transport.sentInput.count == 4, "the response, the keystroke and 2 resends")
        await #expect(throws: CoreError.self) { try await h.channel.write([0x41]) }
    }

    @Test func outstandingInputIsBounded() async throws {
        let h = try await Self.harness(manualConfiguration(outgoingBufferCapacity: 3))
        try await h.handshake()
        try await h.channel.write([0x41])
        try await h.channel.write([0x42])
        try await h.channel.write([0x43])
        await #expect(throws: CoreError.self) { try await h.channel.write([0x44]) }
        await h.channel.close()
    }

    @Test func pausedPublicationHoldsInput() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        h.transport.deliver(Agent.control(.pausePublication))
        #expect(await eventually { await h.channel.isPaused })
        try await h.channel.write(Array("held".utf8))
        h.clock.advance(by: 5)
        await h.channel.retransmitIfDue()
        try await Task.sleep(for: .milliseconds(20))
        #expect(h.transport.sentInput.count == 1)
        h.transport.deliver(Agent.control(.startPublication))
        let input = await h.input(count: 2)
        #expect(input.last?.payload == Array("held".utf8))
        #expect(h.collector.events.contains(.publicationPaused))
        #expect(await eventually { h.collector.events.contains(.publicationResumed) })
        await h.channel.close()
    }

    // MARK: - The end

    @Test func channelClosedEndsTheSession() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        h.transport.deliver(Agent.output(2, "bye\r\n"))
        h.transport.deliver(Agent.output(3, "3", type: .exitCode))
        h.transport.deliver(Agent.channelClosed("Exiting session"))
        let closure = try await h.channel.waitUntilClosed()
        #expect(closure == SSMChannelClosure(reason: .channelClosed, output: "Exiting session", exitCode: 3))
        #expect(await eventually { h.collector.isFinished })
        #expect(h.collector.text == "bye\r\n")
        #expect(await eventually { h.transport.isClosed })
        await #expect(throws: CoreError.self) { try await h.channel.write([0x41]) }
    }

    @Test func aDroppedConnectionFailsTheSession() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        h.transport.end()
        do {
            _ = try await h.channel.waitUntilClosed()
            Issue.record("expected a failure")
        } catch let error as CoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("without channel_closed"))
        }
        #expect(await eventually { h.collector.isFinished })
    }

    @Test func aConnectionClosedBeforeTheHandshakeBlamesTheToken() async throws {
        let h = try await Self.harness()
        h.transport.end(
            throwing: CoreError(
                code: .unavailable, message: "the server closed the WebSocket with code 1008: invalid token"))
        do {
            _ = try await h.channel.waitUntilClosed()
            Issue.record("expected a failure")
        } catch let error as CoreError {
            #expect(error.message.contains("1008: invalid token"))
            #expect(error.message.contains("session token may be invalid"))
        }
    }

    @Test func closeEndsTheSessionAndTheSocket() async throws {
        let h = try await Self.harness()
        try await h.handshake()
        await h.channel.close()
        #expect(try await h.channel.waitUntilClosed() == SSMChannelClosure(reason: .closedByClient))
        #expect(h.transport.isClosed)
        #expect(await eventually { h.collector.isFinished })
        await #expect(throws: CoreError.self) { try await h.channel.write([0x41]) }
    }

    // MARK: - The RTO estimator

    @Test func retransmissionTimeoutFollowsTheRoundTrip() {
        var timer = SSMRetransmissionTimer(initial: .milliseconds(200), maximum: .seconds(1))
        #expect(timer.timeout == 0.2)
        timer.record(sample: 0.05)
        #expect(abs(timer.timeout - 0.14375) < 1e-9)
        for _ in 0..<50 { timer.record(sample: 5) }
        #expect(timer.timeout == 1.0)
    }
}
