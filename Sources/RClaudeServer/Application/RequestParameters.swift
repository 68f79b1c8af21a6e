import Hummingbird
import RClaudeCore

/// Path and query parameters, validated with errors that say what was expected.
enum RequestParameters {
    /// The `{id}` path parameter as a task id (12 lowercase hex digits).
    static func taskID(_ context: ServerRequestContext) throws -> TaskID {
        let text = context.parameters.get("id") ?? ""
        guard let id = TaskID(text) else {
            throw APIError(.badRequest, code: "invalidInput", message: "'\(text.prefix(40))' is not a task id (12 hex digits)")
        }
        return id
    }

    /// A non-negative integer query parameter, `defaultValue` when absent.
    static func integer(_ name: String, in request: Request, default defaultValue: Int64 = 0, max: Int64 = .max) throws -> Int64 {
        guard let text = request.uri.queryParameters.get(name) else { return defaultValue }
        guard let value = Int64(text), value >= 0, value <= max else {
            throw APIError(.badRequest, code: "invalidInput", message: "query parameter '\(name)' must be an integer from 0 to \(max)")
        }
        return value
    }

    /// A string query parameter, `defaultValue` when absent.
    static func string(_ name: String, in request: Request, default defaultValue: String = "") -> String {
        request.uri.queryParameters.get(name) ?? defaultValue
    }

    /// A terminal size from `rows` and `cols`, 24×80 when absent.
    static func terminalSize(_ request: Request) throws -> TerminalSize {
        let rows = try integer("rows", in: request, default: 24, max: 1000)
        let cols = try integer("cols", in: request, default: 80, max: 1000)
        guard rows > 0, cols > 0 else {
            throw APIError(.badRequest, code: "invalidInput", message: "rows and cols must be at least 1")
        }
        return TerminalSize(rows: Int(rows), cols: Int(cols))
    }
}
