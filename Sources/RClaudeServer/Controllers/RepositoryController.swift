import Foundation
import Hummingbird
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// Repositories in and changes out: `POST /api/repositories` takes a git bundle and keeps a
/// clone of it for `--repo` tasks (each task then works in a worktree of it on `rclaude/<id>`);
/// `GET /api/tasks/{id}/branch/diff` and `/branch/bundle` give the agent's changes back.
struct RepositoryController {
    let host: TaskHost
    let limits: ServerLimits

    var endpoints: RouteCollection<ServerRequestContext> {
        let routes = RouteCollection(context: ServerRequestContext.self)
        routes.post("repositories", use: upload)
        routes.get("tasks/:id/branch/diff", use: diff)
        routes.get("tasks/:id/branch/bundle", use: bundle)
        return routes
    }

    /// Where uploaded repositories are cloned.
    static func directory(_ host: TaskHost) -> String { host.paths.dataDirectory + "/repositories" }

    /// The clone of upload `id`, or a clear error for an id that is malformed or unknown.
    static func clone(_ id: String, host: TaskHost) throws -> String {
        guard id.count == 12, id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw CoreError(code: .invalidInput, message: "repository \"\(id)\" is not an upload id; upload the bundle with POST /api/repositories first")
        }
        let path = directory(host) + "/" + id
        guard FileManager.default.fileExists(atPath: path + "/.git") else {
            throw CoreError(code: .notFound, message: "no uploaded repository \(id) on this host; upload it again with POST /api/repositories")
        }
        return path
    }

    @Sendable func upload(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.maxRepositoryBundle)
        } catch {
            throw APIError(
                .contentTooLarge, code: "tooLarge",
                message: "the bundle is larger than \(limits.maxRepositoryBundle) bytes, the most this host accepts")
        }
        guard buffer.readableBytes > 0 else {
            throw CoreError(code: .invalidInput, message: "the request body is empty; send a git bundle (git bundle create)")
        }
        let id = TaskID.random().rawValue
        let root = Self.directory(host)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let bundlePath = root + "/.\(id).bundle"
        guard FileManager.default.createFile(atPath: bundlePath, contents: Data(buffer.readableBytesView), attributes: [.posixPermissions: 0o600]) else {
            throw CoreError(code: .storage, message: "cannot store the bundle on this host; check its free space")
        }
        defer { try? FileManager.default.removeItem(atPath: bundlePath) }
        let header: GitBundleHeader
        do {
            header = try GitBundleHeader.read(bundlePath)
        } catch {
            throw CoreError(code: .invalidInput, message: "the body is not a git bundle (\(Self.message(error))); send the output of 'git bundle create'")
        }
        guard let head = header.refs.first(where: { $0.name == GitBundleMaker.baseRef }) ?? header.refs.first else {
            throw CoreError(code: .invalidInput, message: "the bundle carries no ref; create it with a branch or base ref")
        }
        let git = try GitRunner(environment: host.service.environment)
        // Seeding unpacks every object: a bundle cut off in transit fails here, and nothing is left.
        _ = try await GitWorkspaceSeeder(git: git).seed(
            from: bundlePath, base: head.sha, branch: "rclaude/upload-\(id)", into: root + "/" + id)
        return try JSONResponse.make(
            RepositoryUploadResponse(id: id, bytes: buffer.readableBytes, heads: header.refs.map(\.name)), status: .created)
    }

    @Sendable func diff(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let record = try host.record(try RequestParameters.taskID(context))
        let bytes = try await TaskChanges(environment: host.service.environment, docker: nil).diff(record)
        return JSONResponse.bytes(bytes, contentType: "text/x-diff; charset=utf-8")
    }

    @Sendable func bundle(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let record = try host.record(try RequestParameters.taskID(context))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let file = scratch + "/changes.bundle"
        switch try await TaskChanges(environment: host.service.environment, docker: nil).exportBundle(record, to: file) {
        case .noChanges:
            return JSONResponse.empty(.noContent)
        case .exported(let changes):
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CoreError(code: .storage, message: "the exported bundle could not be read back; retry")
            }
            var headers = HTTPFields()
            headers[.init("X-Branch-Head")!] = changes.head
            headers[.init("X-Commit-Count")!] = String(changes.commitCount)
            return JSONResponse.bytes(Array(data), contentType: "application/octet-stream", headers: headers)
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? ProviderError)?.message ?? (error as? CoreError)?.message ?? "\(error)"
    }
}
