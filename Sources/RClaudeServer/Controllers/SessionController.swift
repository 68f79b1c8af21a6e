import Foundation
import Hummingbird
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// `/api/sessions`: an interactive shell on the host (a task with a terminal, in its own
/// workspace), and one-off commands run in a session's workspace.
struct SessionController {
    let host: TaskHost
    let limits: ServerLimits

    var endpoints: RouteCollection<ServerRequestContext> {
        let routes = RouteCollection(context: ServerRequestContext.self)
        routes.post(use: create)
        routes.get(":id", use: show)
        routes.post(":id/execute", use: execute)
        return routes
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await StrictJSONBody.decode(
            CreateSessionRequest.self, allowedFields: CreateSessionRequest.fields, from: request, limit: limits.maxRequestBody)
        let shell = host.service.environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
        let command = body.command ?? "exec \(shell) -i"
        try TaskController.checkPrompt(command)
        var service = host.service
        service.initialTerminalSize = try TaskController.size(rows: body.rows, cols: body.cols)
        let record = try await service.start(
            TaskSpec(prompt: command, agent: .shell, workspace: .managed, options: TaskOptions(interactive: true)))
        return try JSONResponse.make(record, status: .created)
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try JSONResponse.make(try host.record(try RequestParameters.taskID(context)))
    }

    @Sendable func execute(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let record = try host.record(try RequestParameters.taskID(context))
        let body = try await StrictJSONBody.decode(
            ExecuteRequest.self, allowedFields: ExecuteRequest.fields, from: request, limit: limits.maxRequestBody)
        try TaskController.checkPrompt(body.command)
        let timeout = body.timeoutSeconds ?? 60
        guard (1...3600).contains(timeout) else {
            throw CoreError(code: .invalidInput, message: "timeoutSeconds must be from 1 to 3600")
        }
        guard let workspace = record.workspacePath, FileManager.default.fileExists(atPath: workspace) else {
            throw CoreError(code: .invalidState, message: "session \(record.id) has no workspace; it may not have started yet")
        }
        let result = try await CommandExecutor(environment: host.service.environment, maxOutput: limits.maxExecuteOutput)
            .run(body.command, in: workspace, timeout: .seconds(timeout))
        return try JSONResponse.make(result)
    }
}
