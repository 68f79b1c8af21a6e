// The error of an AWS response, in any of the forms that reach rclaude: AWS JSON 1.1
// (`{"__type": "ns#ClusterNotFoundException", "message": …}`), the `X-Amzn-ErrorType` header,
// and the Query/XML form (`<ErrorResponse><Error><Code>…</Code><Message>…</Message>`) that IAM,
// STS and moto's auth layer answer with even for JSON services.

import Foundation
import RClaudeHTTP

/// The code and message of an AWS error response.
struct AWSErrorBody: Sendable, Equatable {
    /// The error code without namespace (`ClusterNotFoundException`), when one was found.
    var code: String?
    /// The service's message, when one was found.
    var message: String?

    /// Reads the error out of `response`: the JSON or XML body, else the error-type header.
    init(_ response: HTTPResponseData) {
        var code: String?
        var message: String?
        if let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] {
            code = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            message =
                (object["message"] as? String) ?? (object["Message"] as? String) ?? (object["errorMessage"] as? String)
        } else {
            let text = String(decoding: response.body, as: UTF8.self)
            if text.contains("<Error") || text.contains("<ErrorResponse") {
                code = Self.element("Code", in: text)
                message = Self.element("Message", in: text)
            }
        }
        if code == nil { code = response.headers["x-amzn-errortype"] }
        self.code = code.map(Self.bareCode).flatMap { $0.isEmpty ? nil : $0 }
        self.message = message.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates an error body.
    init(code: String?, message: String?) {
        self.code = code
        self.message = message
    }

    /// `ns#Code:http://…` → `Code`.
    static func bareCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    /// The text of the first `<name>…</name>` in `xml`, entities decoded.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether an error with this code and HTTP status should be retried after a backoff:
    /// throttling, HTTP 429, and server-side (5xx) failures.
    static func isRetryable(status: Int, code: String?) -> Bool {
        if status == 429 || (500...599).contains(status) { return true }
        guard let code else { return false }
        return retryableCodes.contains(code)
    }

    static let retryableCodes: Set<String> = [
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
        "RequestThrottledException", "ProvisionedThroughputExceededException", "ServerException", "ServiceUnavailable",
        "ServiceUnavailableException", "InternalFailure", "InternalError",
    ]
}
