import Foundation
import RClaudeCore
import Synchronization
import Testing

@testable import RClaudeAWS

// MARK: - Scripted transport

/// An in-memory WebSocket: records what the channel sends; the test delivers the agent's frames.
final class ScriptedWebSocketTransport: SSMWebSocketTransport {
    let messages: AsyncThrowingStream<SSMWebSocketMessage, any Error>
    private let continuation: AsyncThrowingStream<SSMWebSocketMessage, any Error>.Continuation
    private let state = Mutex<(sent: [SSMWebSocketMessage], closed: Bool, failSends: Bool)>(([], false, false))

    init() {
        (messages, continuation) = AsyncThrowingStream.makeStream(of: SSMWebSocketMessage.self)
    }

    func send(_ message: SSMWebSocketMessage) async throws {
        try state.withLock { state in
            guard !state.closed, !state.failSends else {
                throw CoreError(code: .unavailable, message: "scripted transport closed")
            }
            state.sent.append(message)
        }
    }

    func close() async {
        state.withLock { $0.closed = true }
        continuation.finish()
    }

    /// Delivers a frame from the agent.
    func deliver(_ message: SSMWebSocketMessage) { continuation.yield(message) }

    /// Delivers an agent message.
    func deliver(_ message: SSMClientMessage) { continuation.yield(.binary(message.encoded())) }

    /// Ends the incoming stream (`error` nil: the peer closed).
    func end(throwing error: (any Error)? = nil) { continuation.finish(throwing: error) }

    /// Everything sent.
    var sent: [SSMWebSocketMessage] { state.withLock { $0.sent } }
    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// The binary messages sent, decoded.
    var sentMessages: [SSMClientMessage] {
        sent.compactMap { message in
            guard case .binary(let bytes) = message else { return nil }
            return try? SSMClientMessage(decoding: bytes)
        }
    }

    /// Stream-data messages sent (not acknowledgements).
    var sentInput: [SSMClientMessage] { sentMessages.filter { $0.messageType == .inputStreamData } }

    /// Acknowledgements sent, as their content.
    var sentAcks: [SSMAcknowledgeContent] {
        sentMessages.filter { $0.messageType == .acknowledge }.compactMap {
            try? JSONDecoder().decode(SSMAcknowledgeContent.self, from: Data($0.payload))
        }
    }
}

// MARK: - Agent messages

/// Builds the agent's side of the conversation.
enum Agent {
    static let created: UInt64 = 1_700_000_000_000

    static func output(_ seq: Int64, _ text: String, type: SSMPayloadType = .output, id: UUID = UUID())
        -> SSMClientMessage
    {
        output(seq, Array(text.utf8), type: type, id: id)
    }

    static func output(_ seq: Int64, _ bytes: [UInt8], type: SSMPayloadType = .output, id: UUID = UUID())
        -> SSMClientMessage
    {
        SSMClientMessage(
            messageType: .outputStreamData, createdDate: created, sequenceNumber: seq, messageID: id, payloadType: type,
            payload: bytes)
    }

    static func handshakeRequest(_ seq: Int64 = 0, actions: String? = nil) -> SSMClientMessage {
        let list =
            actions
            ?? #"[{"ActionType":"SessionType","ActionParameters":{"SessionType":"Standard_Stream","Properties":null}}]"#
        return output(seq, #"{"AgentVersion":"3.3.0.0","RequestedClientActions":\#(list)}"#, type: .handshakeRequest)
    }

    static func handshakeComplete(_ seq: Int64 = 1, message: String = "") -> SSMClientMessage {
        output(seq, #"{"HandshakeTimeToComplete":1000,"CustomerMessage":"\#(message)"}"#, type: .handshakeComplete)
    }

    static func ack(_ message: SSMClientMessage) -> SSMClientMessage {
        SSMClientMessage(
            messageType: .acknowledge, createdDate: created, sequenceNumber: 0, flags: 3, messageID: UUID(),
            payloadType: .none, payload: SSMAcknowledgeContent(acknowledging: message).json())
    }

    static func control(_ type: SSMMessageType, payload: String = "") -> SSMClientMessage {
        SSMClientMessage(
            messageType: type, createdDate: created, sequenceNumber: 0, messageID: UUID(), payloadType: .none,
            payload: Array(payload.utf8))
    }

    static func channelClosed(_ output: String = "") -> SSMClientMessage {
        control(
            .channelClosed,
            payload: #"{"MessageType":"channel_closed","SchemaVersion":1,"SessionId":"s-1","Output":"\#(output)"}"#)
    }
}

// MARK: - Output

/// Collects a channel's output and events in the background.
final class OutputCollector: Sendable {
    private let state = Mutex<(bytes: [UInt8], events: [SSMDataChannelEvent], chunks: Int, finished: Bool)>(
        ([], [], 0, false))

    init(_ output: AsyncStream<[UInt8]>, events: AsyncStream<SSMDataChannelEvent>? = nil) {
        Task { [self] in
            for await chunk in output {
                self.state.withLock {
                    $0.bytes += chunk; $0.chunks += 1
                }
            }
            self.state.withLock { $0.finished = true }
        }
        if let events {
            Task { [self] in
                for await event in events { self.state.withLock { $0.events.append(event) } }
            }
        }
    }

    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var events: [SSMDataChannelEvent] { state.withLock { $0.events } }
    var chunks: Int { state.withLock { $0.chunks } }
    var isFinished: Bool { state.withLock { $0.finished } }

    /// The output's lines (split on CR LF / LF, CRs dropped).
    var lines: [String] {
        text.replacingOccurrences(of: "\r", with: "").components(separatedBy: "\n")
    }

    /// Waits until the output contains `text`.
    func waitFor(_ text: String, timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(timeout: timeout) { self.text.contains(text) }
    }
}

// MARK: - Waiting

/// Polls `condition` until true or `timeout`.
func eventually(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

struct TimeoutError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `operation`, failing after `timeout`.
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
)
    async throws -> T
{
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError(description: "\(what) did not finish within \(timeout)")
        }
        guard let first = try await group.next() else { throw TimeoutError(description: what) }
        group.cancelAll()
        return first
    }
}

/// A configuration for unit tests: no scheduler (tests tick by hand).
func manualConfiguration(
    maximumRetransmissions: Int = 3000, holdsInputUntilReady: Bool = true, incomingBufferCapacity: Int = 10_000,
    outgoingBufferCapacity: Int = 10_000, inputChunkSize: Int = 1024
) -> SSMDataChannelConfiguration {
    SSMDataChannelConfiguration(
        clientVersion: "1.2.0.0", clientID: "c1d2e3f4-0000-4000-8000-000000000001",
        retransmissionCheckInterval: nil, maximumRetransmissions: maximumRetransmissions,
        incomingBufferCapacity: incomingBufferCapacity, outgoingBufferCapacity: outgoingBufferCapacity,
        inputChunkSize: inputChunkSize, holdsInputUntilReady: holdsInputUntilReady)
}
