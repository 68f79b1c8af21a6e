/// A sandbox as the control plane returns it from create and connect (`Sandbox` in E2B's
/// OpenAPI spec): its id and what it takes to reach its envd.
public struct E2BSandbox: Sendable, Equatable, Codable {
    /// The template it was created from.
    public var templateID: String
    /// The sandbox's id.
    public var sandboxID: String
    /// The template's alias, if it has one.
    public var alias: String?
    /// The version of envd running inside (gates protocol features, e.g. `CloseStdin` ≥ 0.5.2).
    public var envdVersion: String
    /// The token envd wants in `X-Access-Token` (present for secure sandboxes).
    public var envdAccessToken: String?
    /// The base domain its traffic goes through, when not the default.
    public var domain: String?

    /// Creates a sandbox description.
    public init(
        templateID: String, sandboxID: String, alias: String? = nil, envdVersion: String,
        envdAccessToken: String? = nil,
        domain: String? = nil
    ) {
        self.templateID = templateID
        self.sandboxID = sandboxID
        self.alias = alias
        self.envdVersion = envdVersion
        self.envdAccessToken = envdAccessToken
        self.domain = domain
    }
}
