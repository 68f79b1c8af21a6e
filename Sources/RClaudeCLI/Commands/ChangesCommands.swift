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
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-pull-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bundle = scratch + "/changes.bundle"
        let located = try await env.locate(id)
        let record = located.record
        let repository: String
        let defaultBranch: String
        switch located {
        case .local:
            let origin = try CLIError.wrap { try TaskChanges.origin(of: record) }
            repository = into ?? origin.repository
            // A local worktree's branch rclaude/<id> already lives in the repository.
            let sharesRefs = record.provider == "local" && !origin.repository.contains("://")
            defaultBranch = sharesRefs ? "rclaude/\(record.id)-result" : "rclaude/\(record.id)"
            let export = try await CLIError.wrapAsync { try await env.changes.exportBundle(record, to: bundle) }
            if case .noChanges(let base) = export {
                StandardStreams.err("rclaude: task \(record.id) changed nothing since \(base.prefix(7)); nothing to pull\n")
                return
            }
        case .remote(_, let service):
            repository = into ?? FileManager.default.currentDirectoryPath
            defaultBranch = "rclaude/\(record.id)"
            guard let bytes = try await CLIError.wrapAsync({ try await service.api.branchBundle(record.id) }) else {
                StandardStreams.err("rclaude: task \(record.id) changed nothing since its base; nothing to pull\n")
                return
            }
            guard FileManager.default.createFile(atPath: bundle, contents: Data(bytes)) else {
                throw CLIError.translate(CoreError(code: .storage, message: "cannot write \(bundle); check free space in the temporary directory"))
            }
        }
        let name = branch ?? defaultBranch
        let pulled = try await CLIError.wrapAsync {
            try await GitChangeImporter(git: try GitRunner(environment: env.environment))
                .pull(bundle: bundle, into: URL(fileURLWithPath: repository).standardizedFileURL.path, branch: name)
        }
        StandardStreams.out(
            "pulled \(pulled.commitCount) commit\(pulled.commitCount == 1 ? "" : "s") into branch \(pulled.branch) (\(pulled.head.prefix(7))) of \(repository)\n")
        if let base = pulled.baseCommits.first {
            StandardStreams.err("rclaude: review with 'git log \(base.prefix(7))..\(pulled.branch)' and 'git diff \(base.prefix(7)) \(pulled.branch)'\n")
        }
    }
}
