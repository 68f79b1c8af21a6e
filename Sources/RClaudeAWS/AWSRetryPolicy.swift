// Exponential backoff with jitter for throttled or failing AWS calls, the "equal jitter"
// variant: retry n (1-based) waits between half and all of min(maxDelay, baseDelay * 2^(n-1)),
// so waits always grow but concurrent clients spread out.

/// How often and how long to wait before retrying a throttled or failed AWS call.
public struct AWSRetryPolicy: Sendable {
    /// Attempts in all, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The backoff cap of the first retry.
    public var baseDelay: Duration
    /// The largest backoff.
    public var maxDelay: Duration
    /// A random number in 0...1 (injected in tests for a fixed schedule).
    public var random: @Sendable () -> Double

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: attempts in all (at least 1).
    ///   - baseDelay: the first retry's backoff cap; it doubles per retry.
    ///   - maxDelay: the largest backoff.
    ///   - random: a source of numbers in 0...1; the system generator by default.
    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    /// The default: 5 attempts, 200 ms doubling, at most 10 s.
    public static let standard = AWSRetryPolicy()

    /// No retries.
    public static let none = AWSRetryPolicy(maxAttempts: 1)

    /// The wait before retry `retry` (1-based): between half and all of
    /// `min(maxDelay, baseDelay * 2^(retry-1))`.
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let cap = min(maxDelay, baseDelay * (1 << exponent))
        let fraction = min(max(random(), 0), 1)
        return cap * (0.5 + 0.5 * fraction)
    }
}
