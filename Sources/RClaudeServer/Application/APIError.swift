import Foundation
import Hummingbird
import RClaudeCore
import RClaudeRemote

/// An error response: the status and a JSON `{code, message}` body.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The body.
    public var body: APIErrorBody
    /// The `Allow` header of a 405.
    public var allow: String?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.body = APIErrorBody(code: code, message: message)
    }

    /// The response for a core error: its code picks the status.
    public init(_ error: CoreError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .notFound: .notFound
            case .ambiguous, .invalidInput: .badRequest
            case .invalidState, .conflict: .conflict
            case .forbidden: .forbidden
            case .unauthorized: .unauthorized
            case .tooLarge: .contentTooLarge
            case .unavailable, .launch: .serviceUnavailable
            default: .internalServerError
            }
        self.init(status, code: error.code.rawValue, message: error.message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? WireCoding.encoder().encode(body)) ?? Data(#"{"code":"internal","message":"error"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="rclaude""# }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
