import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeHTTP
import Synchronization

/// An `HTTPTransport` that answers from a handler and records every request.
final class ScriptedHTTPTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequestSpec, Int) throws -> HTTPResponseData
    private let handler: Handler
    private let log = Mutex<[HTTPRequestSpec]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [HTTPRequestSpec] { log.withLock { $0 } }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let index = log.withLock { log in
            log.append(request)
            return log.count - 1
        }
        return try handler(request, index)
    }
}

/// A `StreamingHTTPTransport` whose every response is `status` and `chunks`, then the end of
/// the body (or `failure`).
struct ScriptedStreamingTransport: StreamingHTTPTransport {
    var status = 200
    var chunks: [[UInt8]]
    var failure: CoreError?

    func open(_ request: HTTPRequestSpec) async throws -> StreamingHTTPResponse {
        let (body, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        for chunk in chunks { continuation.yield(chunk) }
        if let failure { continuation.finish(throwing: failure) } else { continuation.finish() }
        return StreamingHTTPResponse(status: status, headers: [:], body: body)
    }
}

extension HTTPResponseData {
    static func json(_ status: Int, _ text: String, headers: [String: String] = [:]) -> HTTPResponseData {
        HTTPResponseData(
            status: status, headers: headers.merging(["content-type": "application/json"]) { a, _ in a },
            body: Array(text.utf8))
    }
}

/// A recorded list of the sleeps a client asked for.
final class SleepLog: Sendable {
    private let sleeps = Mutex<[Duration]>([])
    var all: [Duration] { sleeps.withLock { $0 } }
    var sleeper: @Sendable (Duration) async throws -> Void { { [self] in record($0) } }
    private func record(_ duration: Duration) { sleeps.withLock { $0.append(duration) } }
}

/// One Connect frame of a process event.
func eventFrame(_ json: String) -> [UInt8] { ConnectEnvelope(payload: Array(json.utf8)).encoded }

let sandboxDetailJSON = """
    {"templateID":"base","sandboxID":"sbx1","clientID":"x","startedAt":"2025-01-02T03:04:05.123456789Z",
     "endAt":"2025-01-02T04:04:05.5Z","cpuCount":2,"memoryMB":512,"diskSizeMB":1024,"state":"running",
     "envdVersion":"0.5.7","envdAccessToken":"tok","metadata":{"rclaude.task":"0123456789ab"}}
    """
