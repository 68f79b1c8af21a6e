// The retransmission timeout (RTO) of unacknowledged input, estimated as session-manager-plugin
// does (RFC 6298 style): a smoothed round-trip time and its variation, updated from each
// acknowledgement (α = 1/8, β = 1/4, 10 ms granularity, capped). Samples from resent messages
// are skipped (Karn's rule), since their acknowledgement may answer any of the copies.

/// The estimator behind the data channel's retransmission timeout.
struct SSMRetransmissionTimer: Sendable, Equatable {
    /// The smoothed round-trip time, in seconds.
    private(set) var roundTripTime: Double
    /// The round-trip time's variation, in seconds.
    private(set) var variation: Double = 0
    /// The current timeout, in seconds.
    private(set) var timeout: Double
    /// The timeout's upper bound, in seconds.
    let maximum: Double
    /// The clock granularity, in seconds.
    let granularity = 0.010

    /// An estimator starting at `initial` (the plugin: 200 ms, with a 100 ms round trip).
    init(initial: Duration, maximum: Duration) {
        timeout = initial.asSeconds
        roundTripTime = initial.asSeconds / 2
        self.maximum = max(maximum.asSeconds, initial.asSeconds)
    }

    /// Folds in one round-trip sample.
    mutating func record(sample: Double) {
        variation = 0.75 * variation + 0.25 * abs(roundTripTime - sample)
        roundTripTime = 0.875 * roundTripTime + 0.125 * sample
        timeout = min(maximum, roundTripTime + max(granularity, 4 * variation))
    }
}

extension Duration {
    /// The duration in seconds.
    var asSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
