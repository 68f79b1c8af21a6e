import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

/// `rclaude send ID PROMPT`: a follow-up turn that resumes the agent's session in the same workspace.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a follow-up prompt to an ended task; the agent resumes its session in the same workspace.")

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Argument(help: "The follow-up prompt.") var prompt: String
    @Flag(help: "Run the turn in the background.") var detach = false
    @Flag(help: "Print decoded events as JSON lines.") var json = false

    func validate() throws {
        if prompt.isEmpty { throw ValidationError("the prompt is empty: say what the agent should do next") }
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        let task = located.record
        if task.options.interactive {
            throw ValidationError("task \(task.id) is interactive: type into it with 'rclaude attach \(task.id)'")
        }
        if task.agent.reportsResult && task.agentSessionID == nil {
            throw ValidationError("task \(task.id) has no agent session to resume (it never started one); start a new task with 'rclaude run'")
        }
        if case .remote(_, let service) = located {
            let seen = try await CLIError.wrapAsync { try await service.api.events(task.id, from: 0).events.count }
            try await CLIError.wrapAsync { try await service.sendFollowUp(task.id, prompt: prompt) }
            if detach {
                StandardStreams.out("\(task.id)\n")
                return
            }
            let final = try await RemoteRun(env: env, service: service, json: json).follow(task.id, from: seen)
            throw ExitCode(final.status == .succeeded ? 0 : 1)
        }
        try CLIError.wrap { try env.service.queueFollowUp(task.id, prompt: prompt) }
        if detach {
            try CLIError.wrap { try env.service.launchSupervisor(task.id) }
            StandardStreams.out("\(task.id)\n")
            return
        }
        let final = try await ForegroundRun(env: env, json: json).run(task.id)
        throw ExitCode(final.status == .succeeded ? 0 : 1)
    }
}
