import Foundation

/// The user's configuration (`config.json`): the default provider, routing rules, per-provider
/// settings and which credentials travel into sandboxes. Every key is optional; an unknown key
/// or a value of the wrong kind is an error that names it.
public struct RClaudeConfig: Sendable, Equatable {
    /// The provider of tasks that name none and match no rule.
    public var defaultProvider: String
    /// Routing rules, tried in order.
    public var routes: [RoutingRule]
    /// Settings by provider name (`local`, `docker`, `ecs`, `e2b`, `remote:NAME`).
    public var providers: [String: ProviderSettings]
    /// Environment variables forwarded into every sandbox when set (API keys, tokens).
    public var forwardedCredentials: [String]
    /// Git hosts' tokens for cloning `--repo URL`: host → the environment variable holding it.
    public var gitTokens: [String: String]

    /// Credentials forwarded when the configuration names none.
    public static let defaultForwardedCredentials = [
        "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL", "CODEX_API_KEY", "OPENAI_API_KEY",
        "OPENAI_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY",
    ]

    /// Creates a configuration (the defaults: local, no rules).
    public init(
        defaultProvider: String = "local", routes: [RoutingRule] = [], providers: [String: ProviderSettings] = [:],
        forwardedCredentials: [String] = RClaudeConfig.defaultForwardedCredentials, gitTokens: [String: String] = [:]
    ) {
        self.defaultProvider = defaultProvider
        self.routes = routes
        self.providers = providers
        self.forwardedCredentials = forwardedCredentials
        self.gitTokens = gitTokens
    }

    /// The settings of `provider` (empty when unconfigured).
    public func settings(for provider: String) -> ProviderSettings { providers[provider] ?? ProviderSettings() }

    /// How many tasks of `provider` run at once: configured, or a default from the machine
    /// (local: twice the number of cores, at least 4 — agents mostly wait on their model's API;
    /// others: 8).
    public func concurrencyLimit(for provider: String, cores: Int) -> Int {
        if let limit = providers[provider]?.maxConcurrent { return limit }
        return provider == "local" ? max(4, 2 * cores) : 8
    }

    /// The price of `provider`'s sandbox time (free unless configured).
    public func price(for provider: String) -> SandboxPrice { providers[provider]?.price ?? .free }

    /// Parses `config.json`'s bytes.
    ///
    /// - Parameter source: the file's name, for messages.
    /// - Throws: `CoreError` `.invalidInput` naming the key that is wrong and what it should be.
    public static func parse(_ bytes: [UInt8], source: String) throws -> RClaudeConfig {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw CoreError(
                code: .invalidInput,
                message: "\(source) is not valid JSON (\(ConfigReader.describe(error))); fix it or move it aside to use the defaults")
        }
        var reader = ConfigReader(source: source)
        return try reader.config(root)
    }
}
