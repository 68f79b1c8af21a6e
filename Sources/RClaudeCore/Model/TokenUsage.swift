/// Token counts reported by an agent, in the Messages API's terms.
public struct TokenUsage: Sendable, Codable, Equatable {
    /// Uncached input tokens.
    public var inputTokens: Int
    /// Generated tokens.
    public var outputTokens: Int
    /// Input tokens read from the prompt cache.
    public var cacheReadInputTokens: Int
    /// Input tokens written to the prompt cache.
    public var cacheCreationInputTokens: Int

    /// Creates a usage record; every count defaults to zero.
    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cacheReadInputTokens: Int = 0, cacheCreationInputTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
    }

    /// Every token counted, cached or not.
    public var total: Int { inputTokens + outputTokens + cacheReadInputTokens + cacheCreationInputTokens }

    /// Adds two usages field by field (a follow-up turn adds to the task's totals).
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens,
            cacheReadInputTokens: lhs.cacheReadInputTokens + rhs.cacheReadInputTokens,
            cacheCreationInputTokens: lhs.cacheCreationInputTokens + rhs.cacheCreationInputTokens)
    }
}
