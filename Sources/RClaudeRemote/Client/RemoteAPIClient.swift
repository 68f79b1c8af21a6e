import Foundation
import RClaudeCore
import RClaudeHTTP

/// Typed calls to one `rclaude serve` host's REST API.
public struct RemoteAPIClient: Sendable {
    /// The host.
    public let endpoint: RemoteEndpoint
    /// How requests travel.
    public let transport: any HTTPTransport
    private let token: String

    /// Creates a client; reads the endpoint's token once.
    ///
    /// - Throws: `CoreError` when the token file is unusable.
    public init(endpoint: RemoteEndpoint, transport: (any HTTPTransport)? = nil) throws {
        self.endpoint = endpoint
        self.transport = transport ?? CurlHTTPTransport(caFile: endpoint.caFile)
        self.token = try endpoint.readToken()
    }

    /// The `Authorization` header value.
    public var authorization: String { "Bearer " + token }

    /// `GET /healthz` (no token needed).
    public func health() async throws -> VersionResponse {
        try decode(VersionResponse.self, try await call("GET", "/healthz", timeout: .seconds(5)))
    }

    /// `GET /api/tasks`, with every task's provider set to this remote.
    public func list(timeout: Duration = .seconds(10)) async throws -> TaskListResponse {
        var listing = try decode(TaskListResponse.self, try await call("GET", "/api/tasks", timeout: timeout))
        listing.tasks = listing.tasks.map(tagged)
        return listing
    }

    /// `POST /api/tasks`.
    public func create(_ request: CreateTaskRequest) async throws -> TaskRecord {
        tagged(try decode(TaskRecord.self, try await call("POST", "/api/tasks", json: request)))
    }

    /// `GET /api/tasks/{id}`.
    public func task(_ id: TaskID) async throws -> TaskRecord {
        tagged(try decode(TaskRecord.self, try await call("GET", "/api/tasks/\(id)")))
    }

    /// `DELETE /api/tasks/{id}`.
    public func delete(_ id: TaskID) async throws { _ = try await call("DELETE", "/api/tasks/\(id)") }

    /// `POST /api/tasks/{id}/cancel`.
    public func cancel(_ id: TaskID) async throws { _ = try await call("POST", "/api/tasks/\(id)/cancel") }

    /// `POST /api/tasks/{id}/retry`.
    public func retry(_ id: TaskID) async throws -> TaskRecord {
        tagged(try decode(TaskRecord.self, try await call("POST", "/api/tasks/\(id)/retry")))
    }

    /// `POST /api/tasks/{id}/messages`.
    public func followUp(_ id: TaskID, prompt: String) async throws {
        _ = try await call("POST", "/api/tasks/\(id)/messages", json: FollowUpRequest(prompt: prompt))
    }

    /// `POST /api/tasks/{id}/permission`.
    public func answerPermission(_ id: TaskID, _ answer: PermissionAnswerRequest) async throws {
        _ = try await call("POST", "/api/tasks/\(id)/permission", json: answer)
    }

    /// `POST /api/tasks/{id}/interrupt`.
    public func interrupt(_ id: TaskID) async throws { _ = try await call("POST", "/api/tasks/\(id)/interrupt") }

    /// `GET /api/tasks/{id}/events?from=`.
    public func events(_ id: TaskID, from index: Int) async throws -> EventsResponse {
        try decode(EventsResponse.self, try await call("GET", "/api/tasks/\(id)/events?from=\(index)"))
    }

    /// `GET /api/tasks/{id}/output?from=`: bytes, the output's end so far, and whether it is complete.
    public func output(_ id: TaskID, from offset: OutputOffset) async throws -> (chunk: OutputChunk, end: OutputOffset, finished: Bool) {
        let response = try await call("GET", "/api/tasks/\(id)/output?from=\(offset)")
        let end = response.headers["x-output-end"].flatMap { OutputOffset($0) } ?? offset
        return (OutputChunk(offset: offset, bytes: response.body), end, response.headers["x-task-finished"] == "true")
    }

    /// `GET /api/tasks/{id}/files?path=`.
    public func listFiles(_ id: TaskID, directory: String) async throws -> FileListResponse {
        try decode(FileListResponse.self, try await call("GET", "/api/tasks/\(id)/files?path=\(Self.query(directory))"))
    }

    /// `GET /api/tasks/{id}/files/content?path=`.
    public func readFile(_ id: TaskID, path: String) async throws -> [UInt8] {
        try await call("GET", "/api/tasks/\(id)/files/content?path=\(Self.query(path))").body
    }

    /// `PUT /api/tasks/{id}/files/content?path=`.
    public func writeFile(_ id: TaskID, path: String, bytes: [UInt8]) async throws {
        _ = try await call("PUT", "/api/tasks/\(id)/files/content?path=\(Self.query(path))", body: bytes, contentType: "application/octet-stream")
    }

    /// `GET /api/tasks/{id}/changes`.
    public func changes(_ id: TaskID) async throws -> ChangesResponse {
        try decode(ChangesResponse.self, try await call("GET", "/api/tasks/\(id)/changes"))
    }

    /// `GET /api/tasks/{id}/diff?path=`.
    public func diff(_ id: TaskID, path: String) async throws -> String {
        String(decoding: try await call("GET", "/api/tasks/\(id)/diff?path=\(Self.query(path))").body, as: UTF8.self)
    }

    /// `POST /api/repositories`: uploads a git bundle for a `--repo` task; returns its upload id.
    public func uploadRepository(_ bundle: [UInt8]) async throws -> RepositoryUploadResponse {
        try decode(
            RepositoryUploadResponse.self,
            try await call("POST", "/api/repositories", body: bundle, contentType: "application/octet-stream", timeout: .seconds(600)))
    }

    /// `GET /api/tasks/{id}/branch/diff`: the agent's changes against its base commit.
    public func branchDiff(_ id: TaskID) async throws -> [UInt8] {
        try await call("GET", "/api/tasks/\(id)/branch/diff", timeout: .seconds(120)).body
    }

    /// `GET /api/tasks/{id}/branch/bundle`: the agent's branch as a git bundle; nil when it changed nothing.
    public func branchBundle(_ id: TaskID) async throws -> [UInt8]? {
        let response = try await call("GET", "/api/tasks/\(id)/branch/bundle", timeout: .seconds(600))
        return response.status == 204 ? nil : response.body
    }

    /// `POST /api/sessions`.
    public func createSession(_ request: CreateSessionRequest) async throws -> TaskRecord {
        tagged(try decode(TaskRecord.self, try await call("POST", "/api/sessions", json: request)))
    }

    /// `POST /api/sessions/{id}/execute`.
    public func execute(_ id: TaskID, _ request: ExecuteRequest) async throws -> ExecuteResponse {
        let timeout = Duration.seconds((request.timeoutSeconds ?? 60) + 10)
        return try decode(ExecuteResponse.self, try await call("POST", "/api/sessions/\(id)/execute", json: request, timeout: timeout))
    }

    // MARK: Plumbing

    private func tagged(_ record: TaskRecord) -> TaskRecord {
        var record = record
        record.provider = endpoint.providerName
        return record
    }

    private func call(_ method: String, _ path: String, json: some Encodable, timeout: Duration = .seconds(30)) async throws
        -> HTTPResponseData
    {
        let body = try WireCoding.encoder().encode(json)
        return try await call(method, path, body: Array(body), contentType: "application/json", timeout: timeout)
    }

    private func call(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = nil, timeout: Duration = .seconds(30)
    ) async throws -> HTTPResponseData {
        var headers: [(name: String, value: String)] = [("Authorization", authorization), ("Accept", "application/json")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        let response: HTTPResponseData
        do {
            response = try await transport.send(
                HTTPRequestSpec(method: method, url: endpoint.url + path, headers: headers, body: body, timeout: timeout))
        } catch let error as CoreError {
            throw CoreError(code: error.code, message: "remote \(endpoint.name): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            if let body = try? WireCoding.decoder().decode(APIErrorBody.self, from: Data(response.body)) {
                throw CoreError(code: CoreError.Code(rawValue: body.code), message: "remote \(endpoint.name): \(body.message)")
            }
            throw CoreError(
                code: .unavailable,
                message: "remote \(endpoint.name) answered \(method) \(path) with HTTP \(response.status) and no readable error")
        }
        return response
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponseData) throws -> T {
        do {
            return try WireCoding.decoder().decode(T.self, from: Data(response.body))
        } catch {
            throw CoreError(
                code: .unavailable, message: "remote \(endpoint.name) sent a response rclaude cannot read (\(error)); are both the same version?")
        }
    }

    static func query(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
