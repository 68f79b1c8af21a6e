/// Exponential backoff between reconnect attempts: `initial`, doubling up to `maximum`,
/// with ±20 % jitter so many clients do not return in step.
public struct ReconnectPolicy: Sendable, Equatable {
    /// The first delay.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration
    /// Attempts in a row without progress before giving up (nil: never).
    public var maxAttempts: Int?

    /// Creates a policy.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5), maxAttempts: Int? = nil) {
        self.initial = initial
        self.maximum = maximum
        self.maxAttempts = maxAttempts
    }

    /// The delay before attempt `attempt` (0-based), without jitter.
    public func baseDelay(attempt: Int) -> Duration {
        var delay = initial
        for _ in 0..<min(attempt, 30) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// The delay before attempt `attempt`, with jitter.
    public func delay(attempt: Int) -> Duration {
        baseDelay(attempt: attempt) * Double.random(in: 0.8...1.2)
    }
}
