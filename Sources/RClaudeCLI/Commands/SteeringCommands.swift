import ArgumentParser
import Foundation
import RClaudeCore

/// The service that owns a located task.
extension LocatedTask {
    func service(_ env: LiveEnvironment) -> any TaskService {
        switch self {
        case .local: env.service
        case .remote(_, let service): service
        }
    }
}

/// `rclaude approve ID`: let a waiting task's tool call run.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Let the tool call a task is waiting on run ('needs you' in ls).")

    @Argument(help: "The task id or a unique prefix.") var id: String

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        let request = located.record.pendingPermission
        try await CLIError.wrapAsync { try await located.service(env).answerPermission(located.record.id, allow: true, message: nil) }
        StandardStreams.out("approved \(request?.toolName ?? "the request") for task \(located.record.id)\n")
    }
}

/// `rclaude deny ID`: refuse a waiting task's tool call.
struct DenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny", abstract: "Refuse the tool call a task is waiting on; the agent is told why and carries on.")

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Option(help: "What to tell the agent.") var message: String?

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        let request = located.record.pendingPermission
        try await CLIError.wrapAsync { try await located.service(env).answerPermission(located.record.id, allow: false, message: message) }
        StandardStreams.out("denied \(request?.toolName ?? "the request") for task \(located.record.id)\n")
    }
}

/// `rclaude interrupt ID`: stop a running Claude turn without killing the task's history.
struct InterruptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interrupt",
        abstract: "Stop a running agent's current turn; the task ends as cancelled and 'rclaude send' continues it.")

    @Argument(help: "The task id or a unique prefix.") var id: String

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        try await CLIError.wrapAsync { try await located.service(env).interrupt(located.record.id) }
        StandardStreams.out("interrupting task \(located.record.id)\n")
    }
}
