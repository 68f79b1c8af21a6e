/// One provider's configuration: how many of its tasks run at once, where its tasks go when it
/// is unhealthy, what its sandbox time costs, and its own options (image, cluster, template…),
/// which the provider checks when it is built.
public struct ProviderSettings: Sendable, Equatable {
    /// At most this many of the provider's tasks run at once; the rest wait as `queued`.
    public var maxConcurrent: Int?
    /// The provider that takes new tasks when this one is unhealthy.
    public var fallback: String?
    /// What sandbox time costs.
    public var price: SandboxPrice?
    /// Seconds between health checks of the provider and its sandboxes.
    public var healthIntervalSeconds: Double?
    /// The provider's own settings, by key.
    public var options: [String: JSONValue]

    /// Creates settings.
    public init(
        maxConcurrent: Int? = nil, fallback: String? = nil, price: SandboxPrice? = nil, healthIntervalSeconds: Double? = nil,
        options: [String: JSONValue] = [:]
    ) {
        self.maxConcurrent = maxConcurrent
        self.fallback = fallback
        self.price = price
        self.healthIntervalSeconds = healthIntervalSeconds
        self.options = options
    }
}
