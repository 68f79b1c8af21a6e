import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeE2B

/// `rclaude show ID`: everything known about one task.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one task's details.")

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Flag(help: "Print the task as JSON.") var json = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        let task = try await env.locate(id).record
        if json {
            StandardStreams.out(JSONLines.encode(task) + "\n")
            return
        }
        let now = Date()
        var rows: [(String, String)] = [
            ("id", task.id.rawValue),
            ("status", task.status.rawValue + (task.reason.map { " — \(TextSanitizer.sanitize($0))" } ?? "")),
            ("agent", task.agent.rawValue),
            ("provider", task.provider),
            ("workspace", task.workspacePath ?? "(not created yet)"),
        ]
        if let branch = task.branch { rows.append(("branch", branch)) }
        if let base = task.baseCommit { rows.append(("base", base)) }
        if !task.options.labels.isEmpty { rows.append(("labels", task.options.labels.joined(separator: ", "))) }
        if let restarts = task.restartCount, restarts > 0 { rows.append(("restarts", String(restarts))) }
        if task.provider == "e2b", let left = try? await E2BProvider(environment: env.environment).timeRemaining(for: task.id, now: Date()) {
            rows.append(("sandbox", "E2B, \(Durations.short(left)) left before it times out"))
        }
        if let model = task.options.model { rows.append(("model", model)) }
        rows.append(("created", ISO8601DateFormatter().string(from: task.createdAt)))
        if let d = task.duration(now: now) { rows.append(("duration", Durations.short(d))) }
        if let code = task.exitCode { rows.append(("exit code", String(code))) }
        if let cost = task.costUSD { rows.append(("cost", String(format: "$%.4f", cost))) }
        rows.append(("turns", String(task.turns)))
        rows.append(("tokens", "\(task.usage.inputTokens) in, \(task.usage.outputTokens) out, \(task.usage.cacheReadInputTokens) cache read, \(task.usage.cacheCreationInputTokens) cache write"))
        if let session = task.agentSessionID { rows.append(("session", session)) }
        if task.options.interactive { rows.append(("mode", "interactive (rclaude attach \(task.id))")) }
        rows.append(("prompt", TextSanitizer.sanitize(task.prompt)))
        for (i, followUp) in task.followUps.enumerated() { rows.append(("follow-up \(i + 1)", TextSanitizer.sanitize(followUp))) }
        StandardStreams.out(rows.map { "\(TaskTable.pad($0.0 + ":", 12)) \($0.1)" }.joined(separator: "\n") + "\n")
    }
}
