import ArgumentParser
import Foundation
import RClaudeCore

/// `rclaude ls`: list tasks, newest first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List tasks, newest first (active and recent ones; --all for every task).",
        aliases: ["list"])

    @Flag(help: "Print one JSON object per task per line.") var json = false
    @Flag(help: "List every task, not only active ones and the last 20 ended ones.") var all = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        var tasks = try await env.allTasks()
        tasks.sort { $0.createdAt > $1.createdAt }
        var shown = tasks
        if !all {
            let ended = tasks.filter { $0.status.isTerminal }.prefix(20)
            let keep = Set(ended.map(\.id))
            shown = tasks.filter { $0.status.isActive || keep.contains($0.id) }
        }
        if json {
            var text = ""
            for task in shown { text += JSONLines.encode(task) + "\n" }
            StandardStreams.out(text)
            return
        }
        if shown.isEmpty {
            StandardStreams.out("no tasks yet; start one with: rclaude run 'your prompt'\n")
            return
        }
        StandardStreams.out(
            TaskTable.render(
                shown, now: Date(), width: TerminalWidth.current() ?? 120,
                color: StandardStreams.stdoutIsTerminal && env.environment["NO_COLOR"] == nil))
        if shown.count < tasks.count {
            StandardStreams.err("(\(tasks.count - shown.count) older tasks hidden; use --all)\n")
        }
    }
}
