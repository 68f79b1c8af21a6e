import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

/// `rclaude rm ID…`: delete ended tasks and their logs (and managed workspaces).
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete ended tasks with their logs and managed workspaces (--workspace/--repo directories are kept).")

    @Argument(help: "Task ids or unique prefixes.") var ids: [String]

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name at least one task id (see 'rclaude ls --all')") }
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        var failed = false
        for text in ids {
            do {
                let located = try await env.locate(text)
                let task = located.record
                switch located {
                case .local: try await env.service.delete(task.id)
                case .remote(_, let service): try await service.delete(task.id)
                }
                if case .gitWorktree(let repo) = task.workspaceSpec, let path = task.workspacePath {
                    StandardStreams.err("kept worktree \(path) (branch \(task.branch ?? "?")); remove it with: git -C \(repo) worktree remove \(path)\n")
                }
                StandardStreams.out("removed \(task.id)\n")
            } catch {
                _ = CLIError.translate(error)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
