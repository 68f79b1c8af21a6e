/// How the control-plane client retries answers that may succeed later (429 and 5xx, and
/// connection failures of idempotent requests): a bounded number of attempts with
/// exponential backoff, honouring `Retry-After`.
public struct E2BRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles for each further one.
    public var baseDelay: Duration
    /// The longest wait between attempts.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries.
    public static let none = E2BRetryPolicy(maxAttempts: 1)

    /// Whether an answer with `status` is worth another attempt.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status) && status != 501
    }

    /// The wait after failed attempt number `attempt` (1-based), or the server's `Retry-After`
    /// when it gave one; never more than `maxDelay`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        var delay = baseDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}
