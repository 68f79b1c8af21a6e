import CCurl
import RClaudeHTTP

/// `StreamingHTTPTransport` over libcurl: one easy handle per request, driven by a multi
/// handle on a dedicated thread, so a long-lived stream never holds a cooperative thread.
/// Received bytes go straight into the body stream; cancelling wakes the thread and aborts
/// the transfer. The request's `timeout` is ignored (a process stream lasts as long as the
/// process); `stallTimeout` ends a stream that sends nothing at all for that long.
public struct CurlStreamingTransport: StreamingHTTPTransport {
    /// How long connecting may take.
    public var connectTimeout: Duration
    /// How long a stream may go without a single byte before it is considered dead (envd
    /// sends keepalives every 50 s when asked to).
    public var stallTimeout: Duration
    /// A PEM bundle of certificate authorities to trust.
    public var caFile: String?

    /// Creates a transport.
    public init(connectTimeout: Duration = .seconds(10), stallTimeout: Duration = .seconds(180), caFile: String? = nil)
    {
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.caFile = caFile
    }

    public func open(_ request: HTTPRequestSpec) async throws -> StreamingHTTPResponse {
        let (body, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        let transfer = CurlStreamTransfer(request: request, options: self, body: continuation)
        continuation.onTermination = { _ in transfer.cancel() }
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (head: CheckedContinuation<CurlStreamTransfer.Head, any Error>) in
                transfer.start(head: head)
            }
        } onCancel: {
            transfer.cancel()
        }
        return StreamingHTTPResponse(status: head.status, headers: head.headers, body: body)
    }
}
