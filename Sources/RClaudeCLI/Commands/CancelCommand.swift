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
        let task = try CLIError.wrap { try env.resolve(id) }
        guard task.status.isActive else {
            throw ValidationError("task \(task.id) already ended (\(task.status.rawValue)); nothing to cancel")
        }
        let machine = TaskLifecycleStateMachine()
        let marked = try CLIError.wrap {
            try env.cache.update(task.id) { record in
                record.cancelRequestedAt = Date()
                // Nobody runs it yet: cancel on the spot.
                if record.status == .queued && record.supervisorPID == nil {
                    machine.apply(.cancel(reason: "cancelled by the user"), to: &record, now: Date())
                }
            }
        }
        if marked.status.isActive {
            if let group = marked.agentProcessGroup { kill(-group, SIGTERM) }
            if let pid = marked.supervisorPID, pid != getpid() { kill(pid, SIGTERM) }
            let deadline = Date().addingTimeInterval(grace)
            var current = marked
            while current.status.isActive && Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                current = (try? env.cache.load(task.id)) ?? current
            }
            if current.status.isActive {
                if let group = current.agentProcessGroup { kill(-group, SIGKILL) }
                try await Task.sleep(for: .milliseconds(300))
                current = TaskRecovery(cache: env.cache).reconcile([(try? env.cache.load(task.id)) ?? current])[0]
            }
            if current.status.isActive {
                throw ValidationError("task \(task.id) did not stop; its supervisor (pid \(current.supervisorPID.map(String.init) ?? "?")) may be stuck")
            }
        }
        StandardStreams.out("cancelled \(task.id)\n")
    }
}
