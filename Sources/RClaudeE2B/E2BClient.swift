import Foundation
import RClaudeCore
import RClaudeHTTP

/// The E2B control plane (`https://api.e2b.app`): creates, finds, extends and kills sandboxes.
///
/// Every request carries `X-API-Key`. Answers that may succeed later (429, 5xx) are retried
/// under `retry` with the injected `sleep`; a rejected key, a missing sandbox and other
/// failures become `CoreError`s that say what to do.
public struct E2BClient: Sendable {
    /// The API's base URL, without a trailing slash.
    public let baseURL: String
    private let apiKey: String
    private let transport: any HTTPTransport
    /// How answers worth another attempt are retried.
    public let retry: E2BRetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: the API, e.g. `https://api.e2b.app`.
    ///   - apiKey: the team's API key (`E2B_API_KEY`).
    ///   - transport: how requests are sent (libcurl in production).
    ///   - retry: the retry policy.
    ///   - sleep: waits between attempts (a test passes one that records and returns at once).
    public init(
        baseURL: String, apiKey: String, transport: any HTTPTransport = CurlHTTPTransport(connectTimeout: .seconds(10)),
        retry: E2BRetryPolicy = E2BRetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.retry = retry
        self.sleep = sleep
    }

    /// The metadata key rclaude labels a task's sandbox with.
    public static let taskMetadataKey = "rclaude.task"

    // MARK: - Sandboxes

    /// Creates a sandbox (`POST /sandboxes`).
    ///
    /// - Returns: the sandbox with its envd access token.
    /// - Throws: `CoreError` `.unauthorized` for a rejected key, `.notFound` for an unknown
    ///   template, `.unavailable` when E2B cannot be reached or has no capacity.
    public func createSandbox(_ request: E2BSandboxRequest) async throws -> E2BSandbox {
        let response = try await send(
            "POST", "/sandboxes", body: try Self.encode(request), timeout: .seconds(120),
            doing: "creating a sandbox from template '\(request.templateID)'", idempotent: false)
        return try decode(E2BSandbox.self, from: response, doing: "creating a sandbox")
    }

    /// Describes sandbox `id` (`GET /sandboxes/{id}`), envd access token included.
    ///
    /// - Throws: `CoreError` `.notFound` ("no longer exists (killed or timed out)") when it is gone.
    public func sandbox(_ id: String) async throws -> E2BSandboxDetail {
        let response = try await send(
            "GET", "/sandboxes/\(Self.escape(id))", sandbox: id, doing: "looking up sandbox \(id)")
        return try decode(E2BSandboxDetail.self, from: response, doing: "looking up sandbox \(id)")
    }

    /// Lists the team's sandboxes (`GET /v2/sandboxes`), following pages.
    ///
    /// - Parameters:
    ///   - metadata: only sandboxes carrying all these labels.
    ///   - states: only sandboxes in these states.
    public func listSandboxes(metadata: [String: String] = [:], states: [E2BSandboxState] = [.running, .paused])
        async throws
        -> [E2BSandboxDetail]
    {
        var result: [E2BSandboxDetail] = []
        var nextToken: String?
        repeat {
            var query: [(String, String)] = [("limit", "100")]
            if !states.isEmpty { query.append(("state", states.map(\.rawValue).joined(separator: ","))) }
            if !metadata.isEmpty {
                let pairs = metadata.sorted { $0.key < $1.key }.map {
                    "\(Self.escape($0.key))=\(Self.escape($0.value))"
                }
                query.append(("metadata", pairs.joined(separator: "&")))
            }
            if let nextToken { query.append(("nextToken", nextToken)) }
            let path = "/v2/sandboxes?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
            let response = try await send("GET", path, doing: "listing sandboxes")
            result += try decode([E2BSandboxDetail].self, from: response, doing: "listing sandboxes")
            nextToken = response.headers["x-next-token"].flatMap { $0.isEmpty ? nil : $0 }
        } while nextToken != nil && result.count < 10_000
        return result
    }

    /// Kills sandbox `id` (`DELETE /sandboxes/{id}`), and every process in it.
    ///
    /// - Returns: false when the sandbox was already gone.
    @discardableResult
    public func killSandbox(_ id: String) async throws -> Bool {
        do {
            _ = try await send("DELETE", "/sandboxes/\(Self.escape(id))", sandbox: id, doing: "killing sandbox \(id)")
            return true
        } catch let error as CoreError where error.code == .notFound {
            return false
        }
    }

    /// Sets sandbox `id` to end `seconds` from now (`POST /sandboxes/{id}/timeout`); this
    /// extends it, or shortens it.
    ///
    /// - Throws: `CoreError` `.notFound` when the sandbox is gone.
    public func setTimeout(_ id: String, seconds: Int) async throws {
        struct Body: Encodable { var timeout: Int }
        _ = try await send(
            "POST", "/sandboxes/\(Self.escape(id))/timeout", body: try Self.encode(Body(timeout: seconds)), sandbox: id,
            doing: "setting the timeout of sandbox \(id)")
    }

    /// Connects to sandbox `id` (`POST /sandboxes/{id}/connect`): resumes it when paused,
    /// extends it to `seconds` from now when running, and returns fresh envd credentials.
    public func connectSandbox(_ id: String, seconds: Int) async throws -> E2BSandbox {
        struct Body: Encodable { var timeout: Int }
        let response = try await send(
            "POST", "/sandboxes/\(Self.escape(id))/connect", body: try Self.encode(Body(timeout: seconds)), sandbox: id,
            doing: "connecting to sandbox \(id)")
        return try decode(E2BSandbox.self, from: response, doing: "connecting to sandbox \(id)")
    }

    // MARK: - Requests

    /// Sends a request with retries and maps failures.
    private func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, timeout: Duration = .seconds(30),
        sandbox: String? = nil,
        doing what: String, idempotent: Bool = true
    ) async throws -> HTTPResponseData {
        var headers: [(name: String, value: String)] = [("X-API-Key", apiKey), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = HTTPRequestSpec(
            method: method, url: baseURL + path, headers: headers, body: body, timeout: timeout)
        var attempt = 1
        while true {
            let response: HTTPResponseData
            do {
                response = try await transport.send(request)
            } catch let error as CoreError where error.code == .unavailable && idempotent && attempt < retry.maxAttempts
            {
                try await sleep(retry.delay(afterAttempt: attempt))
                attempt += 1
                continue
            } catch let error as CoreError where error.code == .unavailable {
                throw CoreError(
                    code: .unavailable,
                    message:
                        "cannot reach the E2B API at \(baseURL) while \(what): \(error.message); check the network, or E2B_API_URL"
                )
            }
            if (200..<300).contains(response.status) { return response }
            if E2BRetryPolicy.isRetryable(status: response.status) && attempt < retry.maxAttempts {
                try await sleep(retry.delay(afterAttempt: attempt, retryAfter: Self.retryAfter(response)))
                attempt += 1
                continue
            }
            let detail = E2BErrors.detail(of: response)
            switch response.status {
            case 401, 403: throw E2BErrors.rejectedKey(status: response.status, detail: detail)
            case 404 where sandbox != nil: throw E2BErrors.sandboxGone(sandbox ?? "")
            default:
                let tries = attempt > 1 ? " after \(attempt) attempts" : ""
                throw E2BErrors.failure(status: response.status, detail: detail + tries, doing: what)
            }
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponseData, doing what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = RFC3339.decodingStrategy
        do {
            return try decoder.decode(type, from: Data(response.body))
        } catch {
            throw E2BErrors.badResponse(doing: what, error: error)
        }
    }

    private static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// `Retry-After` in seconds, when present.
    private static func retryAfter(_ response: HTTPResponseData) -> Duration? {
        guard let text = response.headers["retry-after"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
            seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes a path segment or query value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
