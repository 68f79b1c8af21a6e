import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

/// `rclaude debug …`: tools for checking rclaude itself.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Tools for checking rclaude itself.",
        subcommands: [DebugRenderCommand.self, DebugWriteTasksCommand.self, DebugLoadCacheCommand.self])
}

/// `rclaude debug write-tasks`: writes tasks as fast as it can, printing each id once its
/// write is durable. Used by the crash-safety test, which kills it at random moments.
struct DebugWriteTasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-tasks", abstract: "Write synthetic tasks, printing 'ACK <id>' after each durable write.")

    @Option(help: "How many tasks to write.") var count: Int = 100
    @Flag(help: "Also rewrite each task once after creating it (exercises update).") var update = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        for i in 0..<count {
            let spec = TaskSpec(prompt: "synthetic task \(i) " + String(repeating: "x", count: i % 200), agent: .shell)
            let record = try CLIError.wrap { try TaskFactory.create(spec, in: env.cache) }
            if update {
                _ = try CLIError.wrap { try env.cache.update(record.id) { $0.turns = i } }
            }
            StandardStreams.out("ACK \(record.id) \(update ? i : 0)\n")
        }
    }
}

/// `rclaude debug load-cache`: loads every cached task and reports how long it took.
struct DebugLoadCacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-cache", abstract: "Load every cached task and print the count and the time it took.")

    @Option(help: "Load this many times and report each.") var `repeat`: Int = 1

    func run() async throws {
        let env = try LiveEnvironment.make()
        for _ in 0..<max(1, self.repeat) {
            let clock = ContinuousClock()
            var count = 0
            var problems = 0
            let elapsed = try clock.measure {
                let load = try CLIError.wrap { try env.cache.load() }
                count = load.tasks.count
                problems = load.problems.count
            }
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            StandardStreams.out("loaded \(count) tasks (\(problems) problems) in \(String(format: "%.1f", ms)) ms\n")
        }
    }
}
