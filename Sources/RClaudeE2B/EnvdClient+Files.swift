import Foundation
import RClaudeCore
import RClaudeHTTP

// MARK: - Files

extension EnvdClient {
    /// The entries of directory `path` (`filesystem.Filesystem/ListDir`), `depth` levels deep.
    ///
    /// - Throws: `CoreError` `.notFound` when the directory does not exist.
    public func listDirectory(_ path: String, depth: Int = 1) async throws -> [EnvdEntry] {
        struct Request: Encodable {
            var path: String
            var depth: Int
        }
        struct Response: Decodable { var entries: [EnvdEntry]? }
        let body = try await call(
            "filesystem.Filesystem/ListDir", Request(path: path, depth: max(1, depth)), doing: "listing \(path)")
        return try Self.decode(Response.self, body, doing: "listing \(path)").entries ?? []
    }

    /// The entry at `path` (`Stat`).
    ///
    /// - Throws: `CoreError` `.notFound` when nothing is there.
    public func stat(_ path: String) async throws -> EnvdEntry {
        struct Request: Encodable { var path: String }
        struct Response: Decodable { var entry: EnvdEntry? }
        let body = try await call("filesystem.Filesystem/Stat", Request(path: path), doing: "inspecting \(path)")
        guard let entry = try Self.decode(Response.self, body, doing: "inspecting \(path)").entry else {
            throw CoreError(
                code: .unavailable, message: "envd of E2B sandbox \(sandboxID) described \(path) without an entry")
        }
        return entry
    }

    /// Creates directory `path` and its parents (`MakeDir`).
    ///
    /// - Returns: false when it already existed.
    @discardableResult
    public func makeDirectory(_ path: String) async throws -> Bool {
        struct Request: Encodable { var path: String }
        do {
            _ = try await rawCall("filesystem.Filesystem/MakeDir", Request(path: path), doing: "creating \(path)")
            return true
        } catch let error as ConnectError where error.code == .alreadyExists {
            return false
        } catch let error as ConnectError {
            throw Self.coreError(error, sandboxID: sandboxID, doing: "creating \(path)")
        }
    }

    /// Removes the file or directory tree at `path` (`Remove`).
    public func remove(_ path: String) async throws {
        struct Request: Encodable { var path: String }
        _ = try await call("filesystem.Filesystem/Remove", Request(path: path), doing: "removing \(path)")
    }

    /// The contents of file `path` (`GET /files`).
    ///
    /// - Throws: `CoreError` `.notFound` when it does not exist, `.invalidInput` for a directory.
    public func readFile(_ path: String) async throws -> [UInt8] {
        let response = try await filesRequest("GET", path: path, body: nil, contentType: nil, doing: "reading \(path)")
        return response.body
    }

    /// Writes `contents` to file `path` (`POST /files`, multipart `file` field, which every
    /// envd accepts), creating its parent directories and replacing an existing file.
    public func writeFile(_ path: String, contents: [UInt8]) async throws {
        let boundary = "rclaude-" + UUID().uuidString.lowercased()
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let safeName = name.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "_")
            .replacingOccurrences(of: "\n", with: "_")
        var body = Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        body += contents
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        _ = try await filesRequest(
            "POST", path: path, body: body, contentType: "multipart/form-data; boundary=\(boundary)",
            doing: "writing \(path)")
    }

    private func filesRequest(_ method: String, path: String, body: [UInt8]?, contentType: String?, doing what: String)
        async throws -> HTTPResponseData
    {
        var url = endpoint.baseURL + "/files?path=" + E2BClient.escape(path)
        if let user { url += "&username=" + E2BClient.escape(user) }
        var headers = endpoint.headers.map { (name: $0.name, value: $0.value) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let user { headers.append(("Authorization", "Basic " + Data("\(user):".utf8).base64EncodedString())) }
        let spec = HTTPRequestSpec(method: method, url: url, headers: headers, body: body, timeout: .seconds(300))
        let response: HTTPResponseData
        do {
            response = try await transport.send(spec)
        } catch let error as CoreError {
            throw CoreError(
                code: error.code,
                message: "cannot reach envd of E2B sandbox \(sandboxID) while \(what): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            let detail = E2BErrors.detail(of: response)
            let prefix = "envd of E2B sandbox \(sandboxID) failed while \(what) (HTTP \(response.status): \(detail))"
            switch response.status {
            case 400: throw CoreError(code: .invalidInput, message: prefix + "; is the path a directory?")
            case 401, 403:
                throw CoreError(
                    code: .unauthorized, message: prefix + "; the sandbox's access token or user was refused")
            case 404 where detail.lowercased().contains("sandbox"): throw E2BErrors.sandboxGone(sandboxID)
            case 404: throw CoreError(code: .notFound, message: prefix + "; the file does not exist")
            case 502: throw E2BErrors.sandboxGone(sandboxID)
            case 507: throw CoreError(code: .tooLarge, message: prefix + "; the sandbox's disk is full")
            default: throw CoreError(code: .unavailable, message: prefix)
            }
        }
        return response
    }
}
