import Foundation
import RClaudeCore
import RClaudeHTTP

/// The envd daemon inside one sandbox: processes and files over the Connect protocol (JSON
/// codec, HTTP/1.1), and file contents over the plain `/files` endpoint.
///
/// Unary calls (`SendInput`, `SendSignal`, `Update`, `CloseStdin`, `ListDir`, `Stat`, …) go
/// through `transport`; `Start` is a server stream read through `streaming` envelope by
/// envelope. Failures are `CoreError`s naming the sandbox and what to do.
public struct EnvdClient: Sendable {
    /// Where envd is and the headers it needs.
    public let endpoint: EnvdEndpoint
    /// The sandbox's id (for messages).
    public let sandboxID: String
    /// The Linux user to act as; nil lets envd choose (its default user since 0.4.0).
    public let user: String?
    let transport: any HTTPTransport
    let streaming: any StreamingHTTPTransport

    /// Creates a client.
    public init(
        endpoint: EnvdEndpoint, sandboxID: String, user: String? = nil,
        transport: any HTTPTransport = CurlHTTPTransport(connectTimeout: .seconds(10)),
        streaming: any StreamingHTTPTransport = CurlStreamingTransport()
    ) {
        self.endpoint = endpoint
        self.sandboxID = sandboxID
        self.user = user
        self.transport = transport
        self.streaming = streaming
    }

    // MARK: - Processes

    /// Starts a process (`process.Process/Start`) and streams its events: `start` first,
    /// then output, then `end`. The process has no lifetime limit (no `Connect-Timeout-Ms`).
    ///
    /// The stream throws `ConnectError` for an error envd reports (e.g. a bad working
    /// directory) or a broken stream, and `CoreError` when envd cannot be reached; it ends
    /// without an `end` event only by throwing. Dropping it aborts the transfer (envd keeps
    /// the process running).
    public func startProcess(_ request: EnvdStartRequest) -> AsyncThrowingStream<EnvdProcessEvent, any Error> {
        let (events, continuation) = AsyncThrowingStream.makeStream(
            of: EnvdProcessEvent.self, throwing: (any Error).self)
        let spec: HTTPRequestSpec
        do {
            let body = ConnectEnvelope(payload: try Self.encode(request)).encoded
            spec = HTTPRequestSpec(
                method: "POST", url: endpoint.baseURL + "/process.Process/Start",
                headers: headers(contentType: "application/connect+json") + [("Keepalive-Ping-Interval", "50")],
                body: body,
                timeout: .zero)
        } catch {
            continuation.finish(throwing: error)
            return events
        }
        let streaming = self.streaming
        let sandboxID = self.sandboxID
        let task = Task {
            do {
                let response = try await streaming.open(spec)
                guard response.status == 200 else {
                    var body: [UInt8] = []
                    for try await chunk in response.body where body.count < 64 * 1024 { body += chunk }
                    throw Self.error(
                        status: response.status, body: body, sandboxID: sandboxID, doing: "starting a process")
                }
                var decoder = ConnectEnvelopeDecoder()
                for try await chunk in response.body {
                    for envelope in try decoder.feed(chunk) {
                        if envelope.isEndStream {
                            if let error = try ConnectError.parse(endStream: envelope.payload) { throw error }
                        } else if let event = try EnvdProcessEvent.decode(message: envelope.payload) {
                            continuation.yield(event)
                        }
                    }
                }
                try decoder.finish()
                guard decoder.sawEndStream else {
                    throw ConnectError(
                        code: .dataLoss, message: "the stream ended without Connect's end-of-stream message")
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return events
    }

    /// Writes `bytes` to process `pid`'s stdin, or to its terminal when `pty` is set.
    public func sendInput(pid: UInt32, _ bytes: [UInt8], pty: Bool) async throws {
        struct Input: Encodable {
            var stdin: String?
            var pty: String?
        }
        struct Request: Encodable {
            var process: Selector
            var input: Input
        }
        let text = Data(bytes).base64EncodedString()
        let input = pty ? Input(pty: text) : Input(stdin: text)
        _ = try await call(
            "process.Process/SendInput", Request(process: Selector(pid: pid), input: input), doing: "sending input")
    }

    /// Sends `signal` to process `pid`.
    public func sendSignal(pid: UInt32, _ signal: EnvdSignal) async throws {
        struct Request: Encodable {
            var process: Selector
            var signal: EnvdSignal
        }
        _ = try await call(
            "process.Process/SendSignal", Request(process: Selector(pid: pid), signal: signal),
            doing: "sending a signal")
    }

    /// Closes process `pid`'s stdin (envd ≥ 0.5.2; for a PTY send `0x04` instead).
    public func closeStdin(pid: UInt32) async throws {
        struct Request: Encodable { var process: Selector }
        _ = try await call("process.Process/CloseStdin", Request(process: Selector(pid: pid)), doing: "closing stdin")
    }

    /// Resizes process `pid`'s terminal (`Update`).
    public func resize(pid: UInt32, to size: TerminalSize) async throws {
        struct Request: Encodable {
            var process: Selector
            var pty: EnvdPTY
        }
        _ = try await call(
            "process.Process/Update",
            Request(process: Selector(pid: pid), pty: EnvdPTY(cols: size.cols, rows: size.rows)),
            doing: "resizing a terminal")
    }

    /// The pids of the processes envd runs (`List`).
    public func listProcesses() async throws -> [UInt32] {
        struct Request: Encodable {}
        struct Info: Decodable { var pid: FlexibleInteger? }
        struct Response: Decodable { var processes: [Info]? }
        let body = try await call("process.Process/List", Request(), doing: "listing processes")
        let response = try Self.decode(Response.self, body, doing: "listing processes")
        return (response.processes ?? []).compactMap { $0.pid.map { UInt32(clamping: $0.value) } }
    }

    /// A process selector by pid (`ProcessSelector`).
    struct Selector: Encodable { var pid: UInt32 }

    // MARK: - Calls

    /// A unary Connect call: the JSON response body on success.
    ///
    /// - Throws: `CoreError` describing the failure.
    func call<Request: Encodable>(_ method: String, _ request: Request, doing what: String) async throws -> [UInt8] {
        do {
            return try await rawCall(method, request, doing: what)
        } catch let error as ConnectError {
            throw Self.coreError(error, sandboxID: sandboxID, doing: what)
        }
    }

    /// A unary Connect call that throws envd's `ConnectError` as is.
    func rawCall<Request: Encodable>(_ method: String, _ request: Request, doing what: String) async throws -> [UInt8] {
        let spec = HTTPRequestSpec(
            method: "POST", url: endpoint.baseURL + "/" + method, headers: headers(contentType: "application/json"),
            body: try Self.encode(request), timeout: .seconds(30))
        let response: HTTPResponseData
        do {
            response = try await transport.send(spec)
        } catch let error as CoreError {
            throw CoreError(
                code: error.code,
                message: "cannot reach envd of E2B sandbox \(sandboxID) while \(what): \(error.message)")
        }
        guard response.status == 200 else {
            throw Self.error(status: response.status, body: response.body, sandboxID: sandboxID, doing: what)
        }
        return response.body
    }

    /// The headers of a Connect request.
    func headers(contentType: String) -> [(name: String, value: String)] {
        var headers = endpoint.headers.map { (name: $0.name, value: $0.value) }
        headers.append(("Content-Type", contentType))
        headers.append(("Connect-Protocol-Version", "1"))
        if let user { headers.append(("Authorization", "Basic " + Data("\(user):".utf8).base64EncodedString())) }
        return headers
    }

    /// The error of a failed answer: envd's Connect error body, or one for the status.
    static func error(status: Int, body: [UInt8], sandboxID: String, doing what: String) -> any Error {
        if let error = ConnectError.parse(errorObject: body) { return error }
        let text = E2BErrors.detail(of: HTTPResponseData(status: status, body: body))
        if status == 502 || (status == 404 && text.lowercased().contains("sandbox")) {
            // E2B's proxy answers for sandboxes it cannot find.
            return E2BErrors.sandboxGone(sandboxID)
        }
        return ConnectError(code: .fromHTTPStatus(status), message: "HTTP \(status) while \(what): \(text)")
    }

    /// A `ConnectError` from envd as a `CoreError` with advice.
    static func coreError(_ error: ConnectError, sandboxID: String, doing what: String) -> CoreError {
        let prefix = "envd of E2B sandbox \(sandboxID) failed while \(what) (\(error.code.rawValue): \(error.message))"
        switch error.code {
        case .unauthenticated, .permissionDenied:
            return CoreError(
                code: .unauthorized,
                message: prefix
                    + "; the sandbox's access token was refused: the sandbox may have been replaced, run the task again"
            )
        case .notFound:
            return CoreError(code: .notFound, message: prefix + "; the process or path does not exist (any more)")
        case .invalidArgument, .failedPrecondition, .outOfRange, .alreadyExists:
            return CoreError(code: .invalidInput, message: prefix)
        case .unimplemented:
            return CoreError(
                code: .unavailable,
                message: prefix + "; this envd is too old for it: rebuild the template on a current E2B base image")
        default:
            return CoreError(code: .unavailable, message: prefix + "; check that the sandbox is still running")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], doing what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            throw CoreError(
                code: .unavailable, message: "envd answered \(what) with unexpected JSON ('\(text)'): \(error)")
        }
    }
}
