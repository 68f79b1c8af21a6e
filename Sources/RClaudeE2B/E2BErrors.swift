import Foundation
import RClaudeCore
import RClaudeHTTP

/// The errors of the E2B provider, each saying what is wrong and what to do.
enum E2BErrors {
    /// `E2B_API_KEY` is not set.
    static let missingAPIKey = CoreError(
        code: .unauthorized,
        message:
            "E2B_API_KEY is not set; create an API key at https://e2b.dev/dashboard?tab=keys and export E2B_API_KEY=e2b_… "
            + "to run tasks with --provider e2b")

    /// The control plane refused the API key.
    static func rejectedKey(status: Int, detail: String) -> CoreError {
        CoreError(
            code: .unauthorized,
            message:
                "E2B rejected the API key (HTTP \(status): \(detail)); check E2B_API_KEY (a key from "
                + "https://e2b.dev/dashboard?tab=keys, starting with e2b_) and, for a self-hosted E2B, E2B_API_URL or E2B_DOMAIN"
        )
    }

    /// The sandbox is gone.
    static func sandboxGone(_ id: String) -> CoreError {
        CoreError(
            code: .notFound,
            message:
                "E2B sandbox \(id) no longer exists (killed or timed out); run the task again to get a new sandbox, "
                + "and raise RCLAUDE_E2B_TIMEOUT (seconds) if it ran out of time")
    }

    /// A control-plane error for a request.
    static func failure(status: Int, detail: String, doing what: String) -> CoreError {
        let code: CoreError.Code
        let hint: String
        switch status {
        case 400:
            (code, hint) = (
                .invalidInput, "E2B rejected the request; check RCLAUDE_E2B_TEMPLATE and RCLAUDE_E2B_TIMEOUT"
            )
        case 404: (code, hint) = (.notFound, "it does not exist; check the template name (RCLAUDE_E2B_TEMPLATE)")
        case 409: (code, hint) = (.conflict, "it conflicts with the sandbox's state (paused or already running?)")
        case 429:
            (code, hint) = (
                .unavailable,
                "E2B is rate limiting or the team's concurrent sandbox limit is reached; wait or kill unused sandboxes"
            )
        default: (code, hint) = (.unavailable, "E2B had a problem; try again later (https://status.e2b.dev)")
        }
        return CoreError(code: code, message: "E2B error while \(what) (HTTP \(status)): \(detail); \(hint)")
    }

    /// The control plane answered with something that is not the documented JSON.
    static func badResponse(doing what: String, error: any Error) -> CoreError {
        CoreError(
            code: .unavailable,
            message: "E2B answered \(what) with an unexpected body (\(error)); check E2B_API_URL points at the E2B API")
    }

    /// The message of an error body (`{"code": 401, "message": "…"}`), or the body's text.
    static func detail(of response: HTTPResponseData) -> String {
        struct Body: Decodable { var message: String? }
        if let body = try? JSONDecoder().decode(Body.self, from: Data(response.body)), let message = body.message {
            return message
        }
        let text = String(decoding: response.body.prefix(500), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return text.isEmpty ? "no details" : text
    }

    /// The message of any error.
    static func message(of error: any Error) -> String {
        if let error = error as? CoreError { return error.message }
        if let error = error as? ConnectError { return error.description }
        return "\(error)"
    }
}
