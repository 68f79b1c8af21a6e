// An AWS access key pair, with the session token of temporary credentials. The secret parts
// never reach `description`, `debugDescription` or a mirror, so logging a value or an error
// that carries one cannot leak them.

/// AWS credentials: an access key id, its secret, and the session token of temporary
/// (STS / SSO) credentials.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones). Not secret.
    public var accessKeyID: String
    /// The secret access key. Secret: never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials, or nil. Secret: never printed.
    public var sessionToken: String?
    /// Where these came from (`environment`, `profile 'dev' in ~/.aws/credentials`), for messages.
    public var source: String

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "explicit")
    {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    /// Whether these are temporary credentials (they carry a session token).
    public var isTemporary: Bool { sessionToken != nil }

    /// The key id and source, with the secret and token redacted.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>") + ", source: \(source))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>", "source": source,
            ])
    }
}
