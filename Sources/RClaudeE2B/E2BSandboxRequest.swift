/// The body of `POST /sandboxes` (`NewSandbox`): the template, the lifetime and the metadata
/// the sandbox is found by later.
public struct E2BSandboxRequest: Sendable, Equatable, Encodable {
    /// A template name, alias or id (`base` is E2B's default image).
    public var templateID: String
    /// Seconds until the sandbox is killed (extendable with `setTimeout`).
    public var timeout: Int
    /// Key/value labels (rclaude sets `rclaude.task=<task id>`).
    public var metadata: [String: String]
    /// Environment variables of every process in the sandbox.
    public var envVars: [String: String]?
    /// Whether envd requires the access token (what the SDKs send: true).
    public var secure: Bool
    /// Whether the sandbox is paused instead of killed at its timeout.
    public var autoPause: Bool
    /// Whether the sandbox may reach the internet (agents calling a hosted model need it).
    public var allowInternetAccess: Bool?

    /// Creates a request.
    public init(
        templateID: String, timeout: Int, metadata: [String: String] = [:], envVars: [String: String]? = nil,
        secure: Bool = true, autoPause: Bool = false, allowInternetAccess: Bool? = nil
    ) {
        self.templateID = templateID
        self.timeout = timeout
        self.metadata = metadata
        self.envVars = envVars
        self.secure = secure
        self.autoPause = autoPause
        self.allowInternetAccess = allowInternetAccess
    }

    enum CodingKeys: String, CodingKey {
        case templateID, timeout, metadata, envVars, secure, autoPause
        case allowInternetAccess = "allow_internet_access"
    }
}
