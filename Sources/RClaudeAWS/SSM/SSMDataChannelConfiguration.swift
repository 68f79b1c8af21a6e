// The knobs of a data channel. The defaults are session-manager-plugin's (`config/config.go`):
// RTO 200 ms growing to at most 1 s, a check every 100 ms, 3000 resends (about 5 minutes),
// buffers of 10 000 messages, and input cut into 1024-byte messages.

import Foundation

/// How an `SSMDataChannel` behaves.
public struct SSMDataChannelConfiguration: Sendable {
    /// The version reported in the open-data-channel request and the handshake response.
    public var clientVersion: String
    /// The client's id, sent with the token (a UUID, lower-case).
    public var clientID: String
    /// The first retransmission timeout.
    public var initialRetransmissionTimeout: Duration
    /// The largest retransmission timeout.
    public var maximumRetransmissionTimeout: Duration
    /// How often unacknowledged input is checked; nil runs no scheduler (tests drive
    /// `SSMDataChannel.retransmitIfDue()` themselves).
    public var retransmissionCheckInterval: Duration?
    /// How many times one message is resent before the session fails.
    public var maximumRetransmissions: Int
    /// How many early (out-of-order) messages are kept.
    public var incomingBufferCapacity: Int
    /// How many unacknowledged messages may be outstanding before `write` fails.
    public var outgoingBufferCapacity: Int
    /// The largest keystroke payload; longer input is split.
    public var inputChunkSize: Int
    /// Whether keystrokes and sizes wait for the handshake (or the first output of an agent
    /// too old to handshake) before they are sent, as the plugin does.
    public var holdsInputUntilReady: Bool

    /// Creates a configuration; every parameter defaults to the plugin's value.
    ///
    /// - Parameters:
    ///   - clientVersion: the version reported to the service.
    ///   - clientID: the client's id (nil: a fresh UUID).
    ///   - initialRetransmissionTimeout: the first RTO (200 ms).
    ///   - maximumRetransmissionTimeout: the RTO cap (1 s).
    ///   - retransmissionCheckInterval: the scheduler period (100 ms; nil: no scheduler).
    ///   - maximumRetransmissions: resends per message before giving up (3000).
    ///   - incomingBufferCapacity: early messages kept (10 000).
    ///   - outgoingBufferCapacity: unacknowledged messages allowed (10 000).
    ///   - inputChunkSize: the largest keystroke payload (1024).
    ///   - holdsInputUntilReady: whether input waits for the handshake (true).
    public init(
        clientVersion: String = "1.2.0.0", clientID: String? = nil,
        initialRetransmissionTimeout: Duration = .milliseconds(200),
        maximumRetransmissionTimeout: Duration = .seconds(1),
        retransmissionCheckInterval: Duration? = .milliseconds(100), maximumRetransmissions: Int = 3000,
        incomingBufferCapacity: Int = 10_000, outgoingBufferCapacity: Int = 10_000, inputChunkSize: Int = 1024,
        holdsInputUntilReady: Bool = true
    ) {
        self.clientVersion = clientVersion
        self.clientID = clientID ?? UUID().uuidString.lowercased()
        self.initialRetransmissionTimeout = initialRetransmissionTimeout
        self.maximumRetransmissionTimeout = maximumRetransmissionTimeout
        self.retransmissionCheckInterval = retransmissionCheckInterval
        self.maximumRetransmissions = max(0, maximumRetransmissions)
        self.incomingBufferCapacity = max(1, incomingBufferCapacity)
        self.outgoingBufferCapacity = max(1, outgoingBufferCapacity)
        self.inputChunkSize = max(1, inputChunkSize)
        self.holdsInputUntilReady = holdsInputUntilReady
    }
}
