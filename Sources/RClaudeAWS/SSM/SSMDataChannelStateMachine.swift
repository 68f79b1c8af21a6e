// The data channel's protocol logic, free of I/O: events in (a received frame, a write, a
// resize, a timer tick), actions out (frames to send, bytes to deliver, the end). The
// `SSMDataChannel` actor owns one and carries out its actions.
//
// Reliability follows session-manager-plugin's `datachannel/streaming.go`:
// - Input: each `input_stream_data` takes the next sequence number (from 0, counting the
//   handshake response, sizes and keystrokes) and stays outstanding until an `acknowledge`
//   names it. The oldest outstanding message is resent when its RTO has passed, a bounded
//   number of times.
// - Output: `output_stream_data` with the expected number is acknowledged and handled, then
//   buffered successors are drained; early messages are acknowledged and buffered; late ones
//   (duplicates) are acknowledged again and dropped. So every output message is delivered
//   exactly once, in sequence order.
// - A frame failing its checks (digest) is dropped unacknowledged, so the agent resends it.
// - Keystrokes wait for the handshake (or the first output of an agent too old to handshake),
//   and everything waits while the agent has paused publication.

import Foundation
import RClaudeCore

/// The data channel's protocol state and transitions.
struct SSMDataChannelStateMachine {
    /// Where the session is.
    enum Phase: Equatable {
        /// Waiting for the agent's handshake (or first output).
        case awaitingHandshake
        /// Input flows.
        case ready
        /// Closed or failed: nothing more is sent or delivered.
        case ended
    }

    /// What the owner must do.
    enum Action {
        /// Send a binary frame.
        case send([UInt8])
        /// Deliver terminal output.
        case deliver([UInt8])
        /// Report an event.
        case event(SSMDataChannelEvent)
        /// The session ended normally.
        case finish(SSMChannelClosure)
        /// The session failed.
        case fail(CoreError)
    }

    /// An input message not yet acknowledged.
    struct Outstanding {
        var sequenceNumber: Int64
        var frame: [UInt8]
        var firstSent: Date
        var lastSent: Date
        var resends: Int
    }

    let configuration: SSMDataChannelConfiguration
    private(set) var phase = Phase.awaitingHandshake
    private(set) var isPaused = false
    private(set) var nextSequenceNumber: Int64 = 0
    private(set) var expectedSequenceNumber: Int64 = 0
    private(set) var outstanding: [Outstanding] = []
    private(set) var timer: SSMRetransmissionTimer
    private(set) var statistics = SSMDataChannelStatistics()
    private var early: [Int64: SSMClientMessage] = [:]
    private var heldControl: [(SSMPayloadType, [UInt8])] = []
    private var heldInput: [(SSMPayloadType, [UInt8])] = []
    private var exitCode: Int?
    private var declinedActions: [String] = []

    /// A machine awaiting the handshake.
    init(configuration: SSMDataChannelConfiguration) {
        self.configuration = configuration
        timer = SSMRetransmissionTimer(
            initial: configuration.initialRetransmissionTimeout, maximum: configuration.maximumRetransmissionTimeout)
    }

    // MARK: - Input from the user

    /// Keystrokes: split into messages of at most `inputChunkSize` bytes; a lone `\n` becomes
    /// `\r`, as the plugin sends Enter.
    mutating func write(_ bytes: [UInt8], now: Date) throws -> [Action] {
        guard !bytes.isEmpty else { return [] }
        let data: [UInt8] = bytes == [0x0A] ? [0x0D] : bytes
        let size = configuration.inputChunkSize
        let chunks = stride(from: 0, to: data.count, by: size).map { Array(data[$0..<min($0 + size, data.count)]) }
        try checkCapacity(adding: chunks.count)
        return chunks.flatMap { enqueue(.output, $0, control: false, now: now) }
    }

    /// A terminal size, as a size payload `{"cols":…,"rows":…}`.
    mutating func resize(rows: Int, cols: Int, now: Date) throws -> [Action] {
        try checkCapacity(adding: 1)
        return enqueue(.size, Self.sizePayload(rows: rows, cols: cols), control: false, now: now)
    }

    /// The payload of a size message.
    static func sizePayload(rows: Int, cols: Int) -> [UInt8] {
        let r = UInt32(clamping: max(0, rows))
        let c = UInt32(clamping: max(0, cols))
        return Array("{\"cols\":\(c),\"rows\":\(r)}".utf8)
    }

    /// The client closes the channel.
    mutating func closeByClient() -> [Action] {
        guard phase != .ended else { return [] }
        phase = .ended
        return [.finish(SSMChannelClosure(reason: .closedByClient, exitCode: exitCode))]
    }

    /// The WebSocket ended (`error` nil: the peer closed it) without `channel_closed`.
    mutating func transportEnded(error: (any Error)?) -> [Action] {
        guard phase != .ended else { return [] }
        let detail = error.map { ": " + ((($0 as? CoreError)?.message) ?? "\($0)") } ?? ""
        let message: String
        if phase == .awaitingHandshake, statistics.messagesDelivered == 0 {
            message =
                "the ECS Exec data channel closed before the SSM agent's handshake\(detail); the session token may be "
                + "invalid, expired or already used (each ExecuteCommand token opens one channel, within minutes): attach again"
        } else {
            message =
                "the ECS Exec data channel closed without channel_closed from the SSM agent\(detail); "
                + "the network dropped or the service ended the session: attach again"
        }
        phase = .ended
        return [.fail(CoreError(code: .unavailable, message: message))]
    }

    // MARK: - Timer

    /// Resends the oldest outstanding message when its timeout has passed; fails the session
    /// when it has been resent `maximumRetransmissions` times.
    mutating func tick(now: Date) -> [Action] {
        guard phase != .ended, !isPaused, var first = outstanding.first else { return [] }
        guard now.timeIntervalSince(first.lastSent) > timer.timeout else { return [] }
        guard first.resends < configuration.maximumRetransmissions else {
            phase = .ended
            let waited = Int(now.timeIntervalSince(first.firstSent).rounded())
            return [
                .fail(
                    CoreError(
                        code: .unavailable,
                        message:
                            "the ECS Exec session stopped answering: input message #\(first.sequenceNumber) was sent "
                            + "\(first.resends + 1) times over \(waited) s without an acknowledgement from the SSM agent; "
                            + "check the network and that the task is still running, then attach again"))
            ]
        }
        first.resends += 1
        first.lastSent = now
        outstanding[0] = first
        statistics.retransmissions += 1
        return [
            .event(.retransmitted(sequenceNumber: first.sequenceNumber, attempt: first.resends)), .send(first.frame),
        ]
    }

    // MARK: - Frames from the agent

    /// One binary frame from the agent.
    mutating func receive(_ bytes: [UInt8], now: Date) -> [Action] {
        guard phase != .ended else { return [] }
        let message: SSMClientMessage
        do {
            message = try SSMClientMessage(decoding: bytes)
        } catch {
            statistics.invalidMessagesDropped += 1
            return [.event(.invalidMessageDropped(error))]
        }
        switch message.messageType {
        case .outputStreamData:
            return receiveStreamData(message, now: now)
        case .acknowledge:
            receiveAcknowledgement(message, now: now)
            return []
        case .channelClosed:
            let closed = SSMJSON.decode(SSMChannelClosed.self, message.payload)
            var output = closed?.output ?? ""
            if !declinedActions.isEmpty {
                output += (output.isEmpty ? "" : " ") + "(rclaude declined: \(declinedActions.joined(separator: "; ")))"
            }
            phase = .ended
            return [.finish(SSMChannelClosure(reason: .channelClosed, output: output, exitCode: exitCode))]
        case .startPublication:
            guard isPaused else { return [] }
            isPaused = false
            return [.event(.publicationResumed)] + flush(now: now)
        case .pausePublication:
            guard !isPaused else { return [] }
            isPaused = true
            return [.event(.publicationPaused)]
        default:
            return []
        }
    }

    private mutating func receiveStreamData(_ message: SSMClientMessage, now: Date) -> [Action] {
        let sequence = message.sequenceNumber
        if sequence < expectedSequenceNumber {
            statistics.duplicatesIgnored += 1
            return [acknowledge(message, now: now)]
        }
        if sequence > expectedSequenceNumber {
            if early[sequence] != nil {
                statistics.duplicatesIgnored += 1
                return [acknowledge(message, now: now)]
            }
            // No room: drop it unacknowledged; the agent sends it again later.
            guard early.count < configuration.incomingBufferCapacity else { return [] }
            early[sequence] = message
            statistics.outOfOrderBuffered += 1
            return [acknowledge(message, now: now)]
        }
        var actions = [acknowledge(message, now: now)]
        actions += handle(message, now: now)
        expectedSequenceNumber += 1
        while phase != .ended, let next = early.removeValue(forKey: expectedSequenceNumber) {
            actions += handle(next, now: now)
            expectedSequenceNumber += 1
        }
        return actions
    }

    private mutating func receiveAcknowledgement(_ message: SSMClientMessage, now: Date) {
        guard let content = SSMJSON.decode(SSMAcknowledgeContent.self, message.payload),
            let index = outstanding.firstIndex(where: { $0.sequenceNumber == content.sequenceNumber })
        else { return }
        let acked = outstanding.remove(at: index)
        statistics.acknowledgementsReceived += 1
        if acked.resends == 0 { timer.record(sample: max(0, now.timeIntervalSince(acked.firstSent))) }
    }

    /// Handles one in-order stream-data message (already acknowledged).
    private mutating func handle(_ message: SSMClientMessage, now: Date) -> [Action] {
        switch message.payloadType {
        case .handshakeRequest:
            let request =
                SSMJSON.decode(SSMHandshake.Request.self, message.payload)
                ?? SSMHandshake.Request(agentVersion: nil, requestedClientActions: nil)
            let response = SSMHandshake.response(to: request, clientVersion: configuration.clientVersion)
            var actions: [Action] = []
            if !response.errors.isEmpty {
                declinedActions = response.errors
                actions.append(.event(.actionsDeclined(response.errors)))
            }
            agentVersion = request.agentVersion
            sessionType =
                request.requestedClientActions?.first { $0.actionType == "SessionType" }?.actionParameters?.sessionType
            return actions + enqueue(.handshakeResponse, SSMJSON.encode(response), control: true, now: now)
        case .handshakeComplete:
            let complete = SSMJSON.decode(SSMHandshake.Complete.self, message.payload)
            if phase == .awaitingHandshake { phase = .ready }
            let event = SSMDataChannelEvent.handshakeCompleted(
                agentVersion: agentVersion, sessionType: sessionType, customerMessage: complete?.customerMessage)
            return [.event(event)] + flush(now: now)
        case .encryptionChallengeRequest:
            phase = .ended
            return [
                .fail(
                    CoreError(
                        code: .unavailable,
                        message:
                            "the ECS cluster encrypts ECS Exec sessions with KMS (executeCommandConfiguration.kmsKeyId), "
                            + "which rclaude does not implement; remove the KMS key from the cluster's execute-command "
                            + "configuration, or use `aws ecs execute-command`"))
            ]
        case .output, .stdErr:
            var actions: [Action] = []
            if !message.payload.isEmpty {
                statistics.messagesDelivered += 1
                actions.append(.deliver(message.payload))
            }
            if phase == .awaitingHandshake {
                // An agent too old to handshake starts with output; treat it as a shell session.
                phase = .ready
                actions += flush(now: now)
            }
            return actions
        case .exitCode:
            let text = String(decoding: message.payload, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let code = Int(text) else { return [] }
            exitCode = code
            return [.event(.exitCode(code))]
        default:
            return []
        }
    }

    private var agentVersion: String?
    private var sessionType: String?

    // MARK: - Sending

    private func checkCapacity(adding count: Int) throws {
        guard phase != .ended else {
            throw CoreError(code: .invalidState, message: "the ECS Exec session has ended; attach again")
        }
        guard outstanding.count + heldInput.count + count <= configuration.outgoingBufferCapacity else {
            throw CoreError(
                code: .unavailable,
                message:
                    "the SSM agent has not acknowledged \(outstanding.count) input messages; the session is stalled "
                    + "(network or agent trouble): wait, or detach and attach again")
        }
    }

    /// Sends now, or holds while paused (everything) or before the handshake (user input).
    private mutating func enqueue(_ type: SSMPayloadType, _ payload: [UInt8], control: Bool, now: Date) -> [Action] {
        if control {
            if isPaused {
                heldControl.append((type, payload))
                return []
            }
            return [transmit(type, payload, now: now)]
        }
        let waitsForHandshake = configuration.holdsInputUntilReady && phase == .awaitingHandshake
        if isPaused || waitsForHandshake || !heldInput.isEmpty || !heldControl.isEmpty {
            heldInput.append((type, payload))
            return []
        }
        return [transmit(type, payload, now: now)]
    }

    /// Sends what was held, as far as the pause and the handshake allow.
    private mutating func flush(now: Date) -> [Action] {
        guard !isPaused, phase != .ended else { return [] }
        var actions = heldControl.map { transmit($0.0, $0.1, now: now) }
        heldControl.removeAll()
        if phase == .ready || !configuration.holdsInputUntilReady {
            actions += heldInput.map { transmit($0.0, $0.1, now: now) }
            heldInput.removeAll()
        }
        return actions
    }

    private mutating func transmit(_ type: SSMPayloadType, _ payload: [UInt8], now: Date) -> Action {
        let message = SSMClientMessage(
            messageType: .inputStreamData, createdDate: Self.milliseconds(now), sequenceNumber: nextSequenceNumber,
            flags: 0, messageID: UUID(), payloadType: type, payload: payload)
        let frame = message.encoded()
        outstanding.append(
            Outstanding(sequenceNumber: nextSequenceNumber, frame: frame, firstSent: now, lastSent: now, resends: 0))
        nextSequenceNumber += 1
        statistics.messagesSent += 1
        return .send(frame)
    }

    private mutating func acknowledge(_ message: SSMClientMessage, now: Date) -> Action {
        let ack = SSMClientMessage(
            messageType: .acknowledge, createdDate: Self.milliseconds(now), sequenceNumber: 0, flags: 3,
            messageID: UUID(), payloadType: .none, payload: SSMAcknowledgeContent(acknowledging: message).json())
        statistics.acknowledgementsSent += 1
        return .send(ack.encoded())
    }

    /// `date` in milliseconds since 1970 (at least 1: the agent rejects a zero date).
    static func milliseconds(_ date: Date) -> UInt64 {
        UInt64(max(1, (date.timeIntervalSince1970 * 1000).rounded()))
    }
}
