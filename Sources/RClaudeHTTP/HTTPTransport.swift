import RClaudeCore

/// An HTTP request, before any I/O.
public struct HTTPRequestSpec: Sendable, Equatable {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header lines, in order.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: [UInt8]?
    /// The whole request's time limit.
    public var timeout: Duration

    /// Creates a request.
    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public static func == (a: HTTPRequestSpec, b: HTTPRequestSpec) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body && a.timeout == b.timeout
            && a.headers.map { "\($0.name): \($0.value)" } == b.headers.map { "\($0.name): \($0.value)" }
    }
}

/// An HTTP response.
public struct HTTPResponseData: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Headers, names lowercased (the last value wins).
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends HTTP requests: libcurl in production, a scripted transport in unit tests.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the whole response.
    ///
    /// - Throws: `CoreError` `.unavailable` when the peer cannot be reached or the exchange fails.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData
}
