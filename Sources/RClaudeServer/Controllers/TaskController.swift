import Foundation
import Hummingbird
import RClaudeCore
import RClaudeRemote

/// `/api/tasks`: create, list, read, cancel, retry, follow up, delete; events and output.
struct TaskController {
    let host: TaskHost
    let limits: ServerLimits

    var endpoints: RouteCollection<ServerRequestContext> {
        let routes = RouteCollection(context: ServerRequestContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get(":id", use: show)
        routes.delete(":id", use: delete)
        routes.post(":id/cancel", use: cancel)
        routes.post(":id/retry", use: retry)
        routes.post(":id/messages", use: followUp)
        routes.post(":id/permission", use: answerPermission)
        routes.post(":id/interrupt", use: interrupt)
        routes.get(":id/events", use: events)
        routes.get(":id/output", use: output)
        return routes
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let listing = try await host.service.list()
        return try JSONResponse.make(TaskListResponse(tasks: listing.tasks, problems: listing.problems))
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await StrictJSONBody.decode(
            CreateTaskRequest.self, allowedFields: CreateTaskRequest.fields, from: request, limit: limits.maxRequestBody)
        var spec = try Self.spec(for: body)
        if let repository = body.repository {
            spec.workspace = .gitWorktree(repository: try RepositoryController.clone(repository, host: host))
            if let base = body.baseCommit {
                guard (7...64).contains(base.count), base.allSatisfy(\.isHexDigit) else {
                    throw CoreError(code: .invalidInput, message: "baseCommit must be a commit id (7 to 64 hex digits)")
                }
                spec.options.baseRef = base
            }
        } else if body.baseCommit != nil {
            throw CoreError(code: .invalidInput, message: "baseCommit needs repository (an upload id from POST /api/repositories)")
        }
        var service = host.service(adding: body.environment ?? [:])
        let size = try Self.size(rows: body.rows, cols: body.cols)
        if spec.options.interactive { service.initialTerminalSize = size }
        let record = try await service.start(spec)
        return try JSONResponse.make(record, status: .created)
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try JSONResponse.make(try host.record(try RequestParameters.taskID(context)))
    }

    @Sendable func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await host.service.delete(try RequestParameters.taskID(context))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func cancel(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        try await host.service.cancel(id)
        return try JSONResponse.make(try host.record(id), status: .accepted)
    }

    @Sendable func retry(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let record = try await host.service.retry(try RequestParameters.taskID(context))
        return try JSONResponse.make(record, status: .created)
    }

    @Sendable func followUp(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        let body = try await StrictJSONBody.decode(
            FollowUpRequest.self, allowedFields: FollowUpRequest.fields, from: request, limit: limits.maxRequestBody)
        try Self.checkPrompt(body.prompt)
        try await host.service.sendFollowUp(id, prompt: body.prompt)
        return try JSONResponse.make(try host.record(id), status: .accepted)
    }

    @Sendable func answerPermission(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        let body = try await StrictJSONBody.decode(
            PermissionAnswerRequest.self, allowedFields: PermissionAnswerRequest.fields, from: request, limit: limits.maxRequestBody)
        try await host.service.answerPermission(id, allow: body.allow, message: body.message)
        return try JSONResponse.make(try host.record(id), status: .accepted)
    }

    @Sendable func interrupt(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        try await host.service.interrupt(id)
        return try JSONResponse.make(try host.record(id), status: .accepted)
    }

    @Sendable func events(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        let from = Int(try RequestParameters.integer("from", in: request, max: Int64(Int32.max)))
        _ = try host.record(id)
        let finished = host.isFinished(id)
        return try JSONResponse.make(EventsResponse(from: from, events: host.events(id, from: from), finished: finished))
    }

    @Sendable func output(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try RequestParameters.taskID(context)
        let from = OutputOffset(try RequestParameters.integer("from", in: request))
        let limit = Int(try RequestParameters.integer("limit", in: request, default: Int64(limits.outputChunk * 16), max: Int64(limits.maxFileRead)))
        _ = try host.record(id)
        let finished = host.isFinished(id)
        let end = host.outputSize(id)
        guard from <= end else {
            throw APIError(.badRequest, code: "invalidInput", message: "offset \(from) is past the end of the output (\(end) bytes so far)")
        }
        let bytes = try host.output(id, from: from, maxCount: limit)
        var headers = HTTPFields()
        headers[.init("X-Output-Offset")!] = String(from)
        headers[.init("X-Output-End")!] = String(end)
        headers[.init("X-Task-Finished")!] = finished ? "true" : "false"
        return JSONResponse.bytes(bytes, headers: headers)
    }

    static func spec(for body: CreateTaskRequest) throws -> TaskSpec {
        try checkPrompt(body.prompt)
        let agentName = body.agent ?? "claude"
        guard let agent = AgentKind(rawValue: agentName) else {
            throw CoreError(
                code: .invalidInput,
                message: "unknown agent \"\(agentName)\"; choose one of: \(AgentKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let bad = (body.labels ?? []).first(where: { $0.isEmpty || $0.count > 64 || $0.contains(where: { $0.isWhitespace || $0 == "," || $0.isNewline }) }) {
            throw CoreError(code: .invalidInput, message: "label \"\(bad)\" must be one word of 1 to 64 characters without spaces or commas")
        }
        if let maxTurns = body.maxTurns, !(1...1000).contains(maxTurns) {
            throw CoreError(code: .invalidInput, message: "maxTurns must be from 1 to 1000")
        }
        for (key, value) in body.environment ?? [:] {
            guard !key.isEmpty, !key.contains("="), !key.contains("\0"), !value.contains("\0") else {
                throw CoreError(code: .invalidInput, message: "environment variable \"\(key)\" has an invalid name or value")
            }
        }
        let options = TaskOptions(
            model: body.model, permissionMode: body.permissionMode, allowedTools: body.allowedTools ?? [],
            maxTurns: body.maxTurns, interactive: body.interactive ?? false, labels: body.labels ?? [])
        return TaskSpec(prompt: body.prompt, agent: agent, workspace: .managed, options: options, environment: body.environment ?? [:])
    }

    static func checkPrompt(_ prompt: String) throws {
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CoreError(code: .invalidInput, message: "the prompt is empty; say what the agent should do")
        }
        guard !prompt.contains("\0") else {
            throw CoreError(code: .invalidInput, message: "the prompt contains a NUL character, which no program can receive")
        }
    }

    static func size(rows: Int?, cols: Int?) throws -> TerminalSize {
        let size = TerminalSize(rows: rows ?? 24, cols: cols ?? 80)
        guard (1...1000).contains(size.rows), (1...1000).contains(size.cols) else {
            throw CoreError(code: .invalidInput, message: "rows and cols must be from 1 to 1000")
        }
        return size
    }
}
