import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeProviders
import Synchronization

/// An `HTTPTransport` that answers from a script and records every request.
final class ScriptedDockerTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequestSpec) throws -> HTTPResponseData
    private let handler: Handler
    private let log = Mutex<[HTTPRequestSpec]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    /// Answers requests in order from `responses` (method + path suffix checked by the caller).
    convenience init(responses: [HTTPResponseData]) {
        let queue = Mutex(responses)
        self.init { _ in
            try queue.withLock { q in
                guard !q.isEmpty else { throw CoreError(code: .unavailable, message: "script exhausted") }
                return q.removeFirst()
            }
        }
    }

    var requests: [HTTPRequestSpec] { log.withLock { $0 } }

    /// `METHOD /path?query` of each request, without the base URL.
    var lines: [String] {
        requests.map { "\($0.method) \($0.url.replacingOccurrences(of: "http://docker", with: ""))" }
    }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        log.withLock { $0.append(request) }
        return try handler(request)
    }
}

extension HTTPResponseData {
    static func json(_ status: Int, _ text: String) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: ["content-type": "application/json"], body: Array(text.utf8))
    }
}

/// A Docker multiplexed-stream frame.
func dockerFrame(_ stream: UInt8, _ payload: [UInt8]) -> [UInt8] {
    let n = UInt32(payload.count)
    return [stream, 0, 0, 0, UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + payload
}

func dockerFrame(_ stream: UInt8, _ text: String) -> [UInt8] { dockerFrame(stream, Array(text.utf8)) }

/// The JSON object in a request's body.
func jsonBody(_ request: HTTPRequestSpec) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(request.body ?? []))
    guard let dictionary = object as? [String: Any] else { throw CoreError(code: .invalidInput, message: "not an object") }
    return dictionary
}
