import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rclaude cancel ID`: stop a task (SIGTERM to its process group, SIGKILL after a grace period).
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued or running task.")

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Option(help: "Seconds to wait after SIGTERM before SIGKILL.") var grace: Double = 5

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        let task = located.record
        guard task.status.isActive else {
            throw ValidationError("task \(task.id) already ended (\(task.status.rawValue)); nothing to cancel")
        }
        switch located {
        case .local:
            _ = try await CLIError.wrapAsync {
                try await TaskCanceller(cache: env.cache).cancel(task.id, grace: .milliseconds(Int(grace * 1000)))
            }
        case .remote(_, let service):
            try await CLIError.wrapAsync { try await service.cancel(task.id) }
        }
        StandardStreams.out("cancelled \(task.id)\n")
    }
}
