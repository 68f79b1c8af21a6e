import Foundation
import RClaudeCore

/// Steering commands for a running task (answers to permission requests, interrupts), passed
/// from any rclaude process to the task's supervisor as small files in the task's `control/`
/// folder: written atomically, taken (read and deleted) in order by the supervisor.
public struct SteeringMailbox: Sendable {
    /// The folder.
    public let directory: String

    /// The mailbox of task `id`.
    public init(paths: StorePaths, id: TaskID) {
        directory = paths.taskDirectory(id.rawValue) + "/control"
    }

    /// Posts a command.
    ///
    /// - Throws: `CoreError` `.storage` when it cannot be written.
    public func post(_ command: SteeringCommand) throws {
        try PosixFile.makeDirectory(directory)
        let name = String(format: "%020llu-%08x.json", UInt64(Date().timeIntervalSince1970 * 1_000_000_000), UInt32.random(in: 0...UInt32.max))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try PosixFile.writeAtomically(directory + "/" + name, Array(try encoder.encode(command)))
    }

    /// Takes every posted command, oldest first; unreadable files are dropped and reported.
    public func take() -> (commands: [SteeringCommand], problems: [String]) {
        var commands: [SteeringCommand] = []
        var problems: [String] = []
        for name in PosixFile.list(directory).filter({ $0.hasSuffix(".json") && !$0.hasPrefix(".") }).sorted() {
            let path = directory + "/" + name
            defer { unlink(path) }
            do {
                commands.append(try JSONDecoder().decode(SteeringCommand.self, from: Data(try PosixFile.read(path))))
            } catch {
                problems.append("ignored an unreadable steering command \(name): \(error)")
            }
        }
        return (commands, problems)
    }
}
