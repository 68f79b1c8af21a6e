import Foundation
import Hummingbird
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// `/api/tasks/{id}/files…`: list, read and write inside the task's workspace, confined to it
/// (`..`, absolute paths, NUL bytes and symlinks that lead out are refused with 403).
struct FileController {
    let host: TaskHost
    let limits: ServerLimits

    var endpoints: RouteCollection<ServerRequestContext> {
        let routes = RouteCollection(context: ServerRequestContext.self)
        routes.get(":id/files", use: list)
        routes.get(":id/files/content", use: read)
        routes.put(":id/files/content", use: write)
        routes.get(":id/changes", use: changes)
        routes.get(":id/diff", use: diff)
        return routes
    }

    private func browser(_ context: ServerRequestContext) throws -> LocalFileBrowser {
        let record = try host.record(try RequestParameters.taskID(context))
        guard let path = record.workspacePath else {
            throw CoreError(code: .invalidState, message: "task \(record.id) has no workspace yet; wait for it to start")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CoreError(code: .notFound, message: "the workspace of task \(record.id) is gone")
        }
        return LocalFileBrowser(root: path, environment: host.service.environment)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let path = RequestParameters.string("path", in: request)
        let entries = try await browser(context).list(path)
        return try JSONResponse.make(FileListResponse(path: path, entries: entries))
    }

    @Sendable func read(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let path = try requiredPath(request)
        let bytes = try await browser(context).read(path, limit: limits.maxFileRead + 1)
        guard bytes.count <= limits.maxFileRead else {
            throw APIError(
                .contentTooLarge, code: "tooLarge",
                message: "'\(path)' is larger than \(limits.maxFileRead) bytes, the most the file API reads")
        }
        return JSONResponse.bytes(bytes)
    }

    @Sendable func write(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let path = try requiredPath(request)
        let writer = try browser(context)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.maxFileWrite)
        } catch {
            throw APIError(
                .contentTooLarge, code: "tooLarge", message: "the file is larger than \(limits.maxFileWrite) bytes, the most the file API writes")
        }
        try await writer.write(path, bytes: Array(buffer.readableBytesView))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func changes(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let changes = try await browser(context).changes()
        return try JSONResponse.make(ChangesResponse(changes: changes))
    }

    @Sendable func diff(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let text = try await browser(context).diff(try requiredPath(request))
        return JSONResponse.bytes(Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    private func requiredPath(_ request: Request) throws -> String {
        let path = RequestParameters.string("path", in: request)
        guard !path.isEmpty else {
            throw APIError(.badRequest, code: "invalidInput", message: "query parameter 'path' is required (a file path in the workspace)")
        }
        return path
    }
}
