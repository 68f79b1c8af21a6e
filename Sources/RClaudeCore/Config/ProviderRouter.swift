/// Whether a provider can take tasks now.
public enum ProviderHealth: Sendable, Equatable {
    /// It answered its check.
    case healthy
    /// It did not; the reason says what failed.
    case unhealthy(String)
}

/// Where a task goes, and why.
public struct RoutingDecision: Sendable, Equatable {
    /// The provider that runs the task.
    public var provider: String
    /// How it was chosen: "--provider", "rule routes[0] (label gpu)", "default".
    public var reason: String
    /// Notices for the user: each provider skipped as unhealthy, and the fallback taken.
    public var notices: [String]

    /// Creates a decision.
    public init(provider: String, reason: String, notices: [String] = []) {
        self.provider = provider
        self.reason = reason
        self.notices = notices
    }
}

/// Picks a task's provider: the `--provider` flag, else the first matching routing rule, else
/// the configured default; then, while the pick is unhealthy, its configured fallback.
public struct ProviderRouter: Sendable {
    /// The configuration.
    public let config: RClaudeConfig

    /// Creates a router.
    public init(config: RClaudeConfig) { self.config = config }

    /// The provider before health is considered, and why.
    public func preferred(explicit: String?, repository: String?, labels: [String]) -> (provider: String, reason: String) {
        if let explicit { return (explicit, "--provider") }
        for (index, rule) in config.routes.enumerated() where rule.matches(repository: repository, labels: labels) {
            let condition = [rule.repo.map { "repo \($0)" }, rule.label.map { "label \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return (rule.provider, "rule routes[\(index)] (\(condition))")
        }
        return (config.defaultProvider, "default")
    }

    /// Routes a task, checking health and following fallbacks.
    ///
    /// - Parameter health: checks one provider.
    /// - Throws: `CoreError` `.unavailable` when the pick and all its fallbacks are unhealthy,
    ///   naming each with its reason and saying how to fix it.
    public func route(
        explicit: String?, repository: String?, labels: [String], health: (String) async -> ProviderHealth
    ) async throws -> RoutingDecision {
        let first = preferred(explicit: explicit, repository: repository, labels: labels)
        var candidate = first.provider
        var visited: [String] = []
        var notices: [String] = []
        while true {
            visited.append(candidate)
            switch await health(candidate) {
            case .healthy:
                let reason = candidate == first.provider ? first.reason : "\(first.reason), fallback of \(visited[visited.count - 2])"
                return RoutingDecision(provider: candidate, reason: reason, notices: notices)
            case .unhealthy(let why):
                guard let next = config.settings(for: candidate).fallback, !visited.contains(next) else {
                    notices.append("\(candidate) is unhealthy: \(why)")
                    let hint =
                        visited.count == 1 && config.settings(for: candidate).fallback == nil
                        ? "; fix it, pick another with --provider, or set providers.\(candidate).fallback in config.json"
                        : "; every configured fallback is unhealthy too — fix one of them or pick another with --provider"
                    throw CoreError(code: .unavailable, message: notices.joined(separator: "; ") + hint)
                }
                notices.append("\(candidate) is unhealthy (\(why)); using its fallback \(next)")
                candidate = next
            }
        }
    }
}
