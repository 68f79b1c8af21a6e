import RClaudeHTTP

/// An HTTP response whose body arrives as it is sent (a Connect server stream).
public struct StreamingHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Headers, names lowercased (the last value wins).
    public var headers: [String: String]
    /// The body's bytes in arrival order. It ends when the server ends the body, throws when
    /// the exchange fails, and dropping or cancelling its consumer aborts the transfer.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends an HTTP request and hands back the response as soon as its head has arrived, with
/// the body streaming: libcurl in production (`CurlStreamingTransport`), scripted in tests.
public protocol StreamingHTTPTransport: Sendable {
    /// Sends `request` and returns once the response's head is in.
    ///
    /// - Throws: `CoreError` `.unavailable` when the peer cannot be reached;
    ///   `CancellationError` when the calling task is cancelled first.
    func open(_ request: HTTPRequestSpec) async throws -> StreamingHTTPResponse
}
