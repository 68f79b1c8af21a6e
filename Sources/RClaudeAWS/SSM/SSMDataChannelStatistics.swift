// Counters of a data channel's reliability work, for tests, `rclaude doctor` and debugging.

/// Counts of what an `SSMDataChannel` did to keep the stream exact.
public struct SSMDataChannelStatistics: Sendable, Equatable {
    /// Stream-data messages sent (first transmissions).
    public var messagesSent = 0
    /// Input messages resent after their timeout.
    public var retransmissions = 0
    /// Acknowledgements sent.
    public var acknowledgementsSent = 0
    /// Acknowledgements received that matched an outstanding message.
    public var acknowledgementsReceived = 0
    /// Output messages that arrived again after being handled (re-acknowledged, not delivered).
    public var duplicatesIgnored = 0
    /// Output messages that arrived early and waited for their predecessors.
    public var outOfOrderBuffered = 0
    /// Frames dropped for failing decoding or their digest check.
    public var invalidMessagesDropped = 0
    /// Output messages delivered, in order.
    public var messagesDelivered = 0

    /// All zero.
    public init() {}
}
