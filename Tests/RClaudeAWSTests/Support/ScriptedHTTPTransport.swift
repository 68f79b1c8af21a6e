import Foundation
import RClaudeCore
import RClaudeHTTP
import Synchronization

/// An `HTTPTransport` that answers from a script, in order, and records every request.
final class ScriptedHTTPTransport: HTTPTransport {
    /// One scripted answer.
    enum Reply: Sendable {
        case response(HTTPResponseData)
        case failure(CoreError)

        /// A JSON 1.1 answer.
        static func json(_ status: Int = 200, _ body: String) -> Reply {
            .response(
                HTTPResponseData(
                    status: status, headers: ["content-type": "application/x-amz-json-1.1"], body: Array(body.utf8)))
        }

        /// An XML (Query protocol / moto auth) answer.
        static func xml(_ status: Int, _ body: String) -> Reply {
            .response(HTTPResponseData(status: status, headers: ["content-type": "text/xml"], body: Array(body.utf8)))
        }

        /// An AWS JSON error.
        static func awsError(_ status: Int, _ type: String, _ message: String) -> Reply {
            json(status, #"{"__type":"\#(type)","message":"\#(message)"}"#)
        }

        /// Raw bytes.
        static func raw(_ status: Int, _ body: String) -> Reply {
            .response(HTTPResponseData(status: status, body: Array(body.utf8)))
        }
    }

    private let state: Mutex<(replies: [Reply], requests: [HTTPRequestSpec])>

    init(_ replies: [Reply]) {
        state = Mutex((replies, []))
    }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let reply: Reply? = state.withLock { state in
            state.requests.append(request)
            return state.replies.isEmpty ? nil : state.replies.removeFirst()
        }
        switch reply {
        case .response(let response)?: return response
        case .failure(let error)?: throw error
        case nil:
            throw CoreError(
                code: .unavailable,
                message: "scripted transport: no reply left for \(Self.operation(of: request) ?? request.url)")
        }
    }

    /// Every request sent so far.
    var requests: [HTTPRequestSpec] { state.withLock { $0.requests } }

    /// The operations (X-Amz-Target suffixes) sent so far.
    var operations: [String] { requests.compactMap(Self.operation(of:)) }

    /// Replies not consumed.
    var remaining: Int { state.withLock { $0.replies.count } }

    /// The operation of an ECS request.
    static func operation(of request: HTTPRequestSpec) -> String? {
        request.headers.first { $0.name.lowercased() == "x-amz-target" }.map {
            String($0.value.split(separator: ".").last ?? "")
        }
    }

    /// The JSON body of request `index`, as a dictionary.
    func body(_ index: Int) -> [String: Any] {
        let all = requests
        guard index < all.count, let body = all[index].body else { return [:] }
        return ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:]
    }
}

/// A header's value.
func header(_ request: HTTPRequestSpec, _ name: String) -> String? {
    request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
}
