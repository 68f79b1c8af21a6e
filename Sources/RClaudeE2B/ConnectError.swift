import Foundation

/// An error of a Connect call: the protocol's string code and message, as envd sends them in a
/// unary error body or in the end-of-stream message, or as rclaude reports a broken stream.
public struct ConnectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A Connect error code (`not_found`, `unavailable`, …).
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let canceled = Code(rawValue: "canceled")
        public static let unknown = Code(rawValue: "unknown")
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        public static let deadlineExceeded = Code(rawValue: "deadline_exceeded")
        public static let notFound = Code(rawValue: "not_found")
        public static let alreadyExists = Code(rawValue: "already_exists")
        public static let permissionDenied = Code(rawValue: "permission_denied")
        public static let resourceExhausted = Code(rawValue: "resource_exhausted")
        public static let failedPrecondition = Code(rawValue: "failed_precondition")
        public static let aborted = Code(rawValue: "aborted")
        public static let outOfRange = Code(rawValue: "out_of_range")
        public static let unimplemented = Code(rawValue: "unimplemented")
        public static let `internal` = Code(rawValue: "internal")
        public static let unavailable = Code(rawValue: "unavailable")
        public static let dataLoss = Code(rawValue: "data_loss")
        public static let unauthenticated = Code(rawValue: "unauthenticated")

        /// The code the Connect protocol assigns to an HTTP status without an error body.
        public static func fromHTTPStatus(_ status: Int) -> Code {
            switch status {
            case 400: .invalidArgument
            case 401: .unauthenticated
            case 403: .permissionDenied
            case 404: .unimplemented
            case 409: .alreadyExists
            case 429, 502, 503, 504: .unavailable
            default: .unknown
            }
        }
    }

    /// The code.
    public var code: Code
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The error in a Connect JSON error object (`{"code": "...", "message": "..."}`), or nil
    /// when `json` is not one.
    public static func parse(errorObject json: [UInt8]) -> ConnectError? {
        struct Body: Decodable {
            var code: String?
            var message: String?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(json)), let code = body.code else {
            return nil
        }
        return ConnectError(code: Code(rawValue: code), message: body.message ?? "")
    }

    /// The outcome in an end-of-stream message: nil for success (`{}`), the error otherwise.
    ///
    /// - Throws: `ConnectError` `.dataLoss` when the message is not the documented JSON.
    public static func parse(endStream json: [UInt8]) throws -> ConnectError? {
        struct ErrorBody: Decodable {
            var code: String?
            var message: String?
        }
        struct Body: Decodable { var error: ErrorBody? }
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(json))
        } catch {
            let text = String(decoding: json.prefix(200), as: UTF8.self)
            throw ConnectError(code: .dataLoss, message: "the end-of-stream message is not JSON: '\(text)'")
        }
        guard let error = body.error else { return nil }
        return ConnectError(code: Code(rawValue: error.code ?? "unknown"), message: error.message ?? "")
    }
}
