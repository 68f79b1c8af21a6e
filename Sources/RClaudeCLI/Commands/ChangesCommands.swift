import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

/// `rclaude diff ID`: the agent's changes against the commit its branch started from.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show a --repo task's changes (its commits and uncommitted files) as a unified diff.",
        discussion: "Colored on a terminal (NO_COLOR turns it off). Works for local, docker and remote tasks.")

    @Argument(help: "The task id or a unique prefix.") var id: String

    func run() async throws {
        let env = try LiveEnvironment.make()
        let bytes: [UInt8]
        switch try await env.locate(id) {
        case .local(let record):
            bytes = try await CLIError.wrapAsync { try await env.changes.diff(record) }
        case .remote(let record, let service):
            bytes = try await CLIError.wrapAsync { try await service.api.branchDiff(record.id) }
        }
        if bytes.isEmpty {
            StandardStreams.err("rclaude: no changes against the base commit\n")
            return
        }
        if DiffColorizer.shouldColorize(environment: env.environment) {
            StandardStreams.out(DiffColorizer.colorize(TextSanitizer.sanitize(String(decoding: bytes, as: UTF8.self))))
        } else {
            StandardStreams.outBytes(bytes)
        }
    }
}

/// `rclaude pull ID`: the agent's branch into the user's repository, through a git bundle.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring a --repo task's changes into your repository as a new branch.",
        discussion: """
            The branch holds the agent's commits plus one snapshot commit of anything it left \
            uncommitted. Your checked-out branch, index and working tree are never touched; an \
            existing branch is never overwritten. Default branch: rclaude/<id> (rclaude/<id>-result \
            for local tasks, whose worktree already uses rclaude/<id>).
            """)

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Option(help: "The new branch's name.") var branch: String?
    @Option(help: "The repository to pull into (default: the one the task started from; for remote tasks, the current directory).")
    var into: String?

    func run() async throws {
        let env = try LiveEnvironment.make()
        let summary: String
        switch try await env.locate(id) {
        case .local(let record):
            let origin = try CLIError.wrap { try TaskChanges.origin(of: record) }
            let repository = URL(fileURLWithPath: into ?? origin.repository).standardizedFileURL.path
            summary = try await CLIError.wrapAsync { try await env.changes.pull(record, into: repository, branch: branch) }
        case .remote(let record, var service):
            service.pullRepository = URL(fileURLWithPath: into ?? FileManager.default.currentDirectoryPath).standardizedFileURL.path
            summary = try await CLIError.wrapAsync { try await service.pullChanges(record.id, branch: branch) }
        }
        StandardStreams.out(summary + "\n")
    }
}
