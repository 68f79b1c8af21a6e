/// Where and how to reach one sandbox's envd: a base URL and the headers every request needs
/// (the access token and the routing headers of E2B's sandbox proxy).
public struct EnvdEndpoint: Sendable, Equatable {
    /// The base URL, without a trailing slash (`https://sandbox.e2b.app`).
    public var baseURL: String
    /// Headers for every request.
    public var headers: [Header]

    /// A header line.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// envd's port inside every sandbox.
    public static let port = 49983

    /// The domains whose proxy routes by header at `sandbox.<domain>` (what the SDKs use).
    public static let headerRoutedDomains: Set<String> = ["e2b.app", "e2b.dev", "e2b.pro", "e2b-staging.dev"]

    /// Creates an endpoint.
    public init(baseURL: String, headers: [Header]) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.headers = headers
    }

    /// The endpoint of sandbox `sandboxID`'s envd as PROTOCOLS §4.2 describes: `override`
    /// (`E2B_SANDBOX_URL`, or a test server) when given, else `https://sandbox.<domain>` for
    /// E2B's own domains and `https://49983-<id>.<domain>` for others; always with
    /// `E2b-Sandbox-Id`, `E2b-Sandbox-Port` and, when the sandbox has one, `X-Access-Token`.
    public static func resolve(sandboxID: String, domain: String, accessToken: String?, override: String? = nil)
        -> EnvdEndpoint
    {
        let base: String
        if let override, !override.isEmpty {
            base = override
        } else if headerRoutedDomains.contains(domain) {
            base = "https://sandbox.\(domain)"
        } else {
            base = "https://\(port)-\(sandboxID).\(domain)"
        }
        var headers = [Header("E2b-Sandbox-Id", sandboxID), Header("E2b-Sandbox-Port", String(port))]
        if let accessToken, !accessToken.isEmpty { headers.append(Header("X-Access-Token", accessToken)) }
        return EnvdEndpoint(baseURL: base, headers: headers)
    }
}
