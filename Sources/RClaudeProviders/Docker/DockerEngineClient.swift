import Foundation
import RClaudeCore
import RClaudeHTTP

/// The Docker Engine API's REST calls (containers, exec, archive), over an `HTTPTransport`.
///
/// Every path carries the version prefix `/v1.41`, which Docker (≥ 20.10) and Podman's
/// compatible API (≥ 3) both accept. Daemon errors (`{"message": …}`) become `CoreError`s
/// whose message says what to do. The hijacked exec stream is not HTTP request/response and
/// lives in `DockerExecConnection`.
public struct DockerEngineClient: Sendable {
    /// The API version every path is prefixed with.
    public static let apiVersion = "v1.41"

    /// Where the daemon listens.
    public let endpoint: DockerEndpoint
    /// How requests are sent.
    public let transport: any HTTPTransport

    /// Creates a client over `transport` (scripted in tests).
    public init(endpoint: DockerEndpoint, transport: any HTTPTransport) {
        self.endpoint = endpoint
        self.transport = transport
    }

    /// A client over libcurl, connecting to `endpoint`'s socket or address.
    public static func live(endpoint: DockerEndpoint) -> DockerEngineClient {
        DockerEngineClient(endpoint: endpoint, transport: CurlHTTPTransport(unixSocketPath: endpoint.socketPath))
    }

    // MARK: - Daemon

    /// Checks that the daemon answers.
    ///
    /// - Throws: `CoreError` `.unavailable` when it does not, saying how to start it.
    public func ping() async throws {
        let response = try await send("GET", "/_ping", versioned: false)
        guard response.status == 200 else { throw failure(response, doing: "GET /_ping") }
    }

    /// The daemon's version.
    public func version() async throws -> DockerVersion {
        let response = try await send("GET", "/version")
        guard response.status == 200 else { throw failure(response, doing: "GET /version") }
        return try decode(DockerVersion.self, response, doing: "GET /version")
    }

    // MARK: - Images

    /// Whether the daemon has `image` locally.
    public func imageExists(_ image: String) async throws -> Bool {
        let response = try await send("GET", "/images/\(image)/json")
        if response.status == 404 { return false }
        guard response.status == 200 else { throw failure(response, doing: "GET /images/\(image)/json") }
        return true
    }

    /// Checks that `image` is present.
    ///
    /// - Throws: `CoreError` `.notFound` saying to import or pull it.
    public func requireImage(_ image: String) async throws {
        guard try await imageExists(image) else { throw DockerErrors.imageMissing(image, on: endpoint) }
    }

    // MARK: - Containers

    /// Creates a container (not started).
    ///
    /// - Parameters:
    ///   - spec: the image, command, limits and mounts.
    ///   - name: the container's name, or nil for a generated one.
    /// - Returns: the container's id.
    /// - Throws: `CoreError` `.notFound` when the image is missing, `.conflict` when the name is taken.
    public func createContainer(_ spec: DockerContainerSpec, name: String?) async throws -> String {
        let query = name.map { "?name=\(Self.escape($0))" } ?? ""
        let body = try Self.encoder.encode(DockerContainerCreateBody(spec))
        let response = try await send("POST", "/containers/create\(query)", json: Array(body))
        if response.status == 404 { throw DockerErrors.imageMissing(spec.image, on: endpoint, detail: message(of: response)) }
        guard response.status == 201 || response.status == 200 else {
            throw failure(response, doing: "creating a container from \(spec.image)")
        }
        struct Created: Decodable {
            var id: String
            enum CodingKeys: String, CodingKey { case id = "Id" }
        }
        return try decode(Created.self, response, doing: "creating a container").id
    }

    /// Starts a container (already running is fine).
    public func startContainer(_ id: String) async throws {
        let response = try await send("POST", "/containers/\(id)/start")
        guard [204, 304, 200].contains(response.status) else { throw failure(response, doing: "starting container \(id)") }
    }

    /// The container's state, or nil when no container has that id or name.
    public func inspectContainer(_ idOrName: String) async throws -> DockerContainerState? {
        let response = try await send("GET", "/containers/\(idOrName)/json")
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw failure(response, doing: "inspecting container \(idOrName)") }
        let body = try decode(DockerContainerInspectBody.self, response, doing: "inspecting container \(idOrName)")
        let name = body.name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? idOrName
        return DockerContainerState(
            id: body.id, name: name, running: body.state?.running ?? false, status: body.state?.status ?? "unknown",
            image: body.config?.image ?? "")
    }

    /// Stops a container: SIGTERM, then SIGKILL after `timeout` seconds. Already stopped is fine.
    public func stopContainer(_ id: String, timeout: Int = 5) async throws {
        let response = try await send("POST", "/containers/\(id)/stop?t=\(timeout)", timeout: .seconds(timeout + 30))
        guard [204, 304, 200].contains(response.status) else { throw failure(response, doing: "stopping container \(id)") }
    }

    /// Sends a signal (`KILL`, `TERM`, …) to the container's main process.
    public func killContainer(_ id: String, signal: String) async throws {
        let response = try await send("POST", "/containers/\(id)/kill?signal=\(Self.escape(signal))")
        guard [204, 200].contains(response.status) else { throw failure(response, doing: "signalling container \(id)") }
    }

    /// Removes a container; with `force`, a running one too. A container already gone is fine.
    public func removeContainer(_ id: String, force: Bool = true) async throws {
        let response = try await send("DELETE", "/containers/\(id)?force=\(force)&v=true", timeout: .seconds(60))
        guard [204, 200, 404].contains(response.status) else { throw failure(response, doing: "removing container \(id)") }
    }

    // MARK: - Exec

    /// Creates an exec in a running container.
    ///
    /// - Returns: the exec's id, for `DockerExecConnection.start` and `inspectExec`.
    public func createExec(in container: String, _ spec: DockerExecSpec) async throws -> String {
        let body = try Self.encoder.encode(DockerExecCreateBody(spec))
        let response = try await send("POST", "/containers/\(container)/exec", json: Array(body))
        guard response.status == 201 || response.status == 200 else {
            throw failure(response, doing: "starting '\(spec.command.first ?? "")' in container \(container)")
        }
        struct Created: Decodable {
            var id: String
            enum CodingKeys: String, CodingKey { case id = "Id" }
        }
        return try decode(Created.self, response, doing: "creating an exec").id
    }

    /// The exec's state: whether it runs and, once it ended, its exit code.
    public func inspectExec(_ id: String) async throws -> DockerExecState {
        let response = try await send("GET", "/exec/\(id)/json")
        guard response.status == 200 else { throw failure(response, doing: "inspecting exec \(id)") }
        return try decode(DockerExecState.self, response, doing: "inspecting exec \(id)")
    }

    /// Resizes a TTY exec's terminal.
    public func resizeExec(_ id: String, _ size: TerminalSize) async throws {
        let response = try await send("POST", "/exec/\(id)/resize?h=\(size.rows)&w=\(size.cols)")
        guard (200..<300).contains(response.status) else { throw failure(response, doing: "resizing exec \(id)") }
    }

    // MARK: - Archive

    /// Extracts the tar `archive` into the directory `path` of the container.
    public func putArchive(_ archive: [UInt8], in container: String, at path: String) async throws {
        let response = try await send(
            "PUT", "/containers/\(container)/archive?path=\(Self.escape(path))&noOverwriteDirNonDir=true",
            body: archive, contentType: "application/x-tar", timeout: .seconds(600))
        guard response.status == 200 || response.status == 204 else {
            throw failure(response, doing: "copying files into \(container):\(path)")
        }
    }

    /// A tar of `path` (a file or a directory, as its last component) in the container.
    ///
    /// - Throws: `CoreError` `.notFound` when the path does not exist.
    public func getArchive(from container: String, at path: String) async throws -> [UInt8] {
        let response = try await send(
            "GET", "/containers/\(container)/archive?path=\(Self.escape(path))", timeout: .seconds(600))
        if response.status == 404 {
            throw CoreError(
                code: .notFound,
                message: "\(container):\(path) does not exist (\(message(of: response))); check the path inside the container")
        }
        guard response.status == 200 else { throw failure(response, doing: "copying \(container):\(path) out") }
        return response.body
    }

    // MARK: - Plumbing

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The URL of `path` (versioned unless told otherwise).
    public func url(_ path: String, versioned: Bool = true) -> String {
        endpoint.baseURL + (versioned ? "/\(Self.apiVersion)" : "") + path
    }

    func send(
        _ method: String, _ path: String, versioned: Bool = true, json: [UInt8]? = nil, body: [UInt8]? = nil,
        contentType: String? = nil, timeout: Duration = .seconds(30)
    ) async throws -> HTTPResponseData {
        var headers: [(name: String, value: String)] = []
        let payload = json ?? body
        if json != nil { headers.append(("Content-Type", "application/json")) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        if method == "POST" && payload == nil { headers.append(("Content-Length", "0")) }
        let request = HTTPRequestSpec(
            method: method, url: url(path, versioned: versioned), headers: headers, body: payload, timeout: timeout)
        do {
            return try await transport.send(request)
        } catch {
            throw DockerErrors.unreachable(endpoint, detail: (error as? CoreError)?.message ?? "\(error)")
        }
    }

    func message(of response: HTTPResponseData) -> String {
        DockerErrors.message(of: response)
    }

    func failure(_ response: HTTPResponseData, doing what: String) -> CoreError {
        DockerErrors.failure(status: response.status, message: message(of: response), doing: what)
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponseData, doing what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw CoreError(
                code: .unavailable,
                message: "the Docker daemon's answer to \(what) could not be read (\(error)); is \(endpoint) a Docker Engine API?")
        }
    }

    /// Percent-encodes a query value.
    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
