import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rclaude supervise ID` (internal): runs a queued task in the background, serving its PTY to
/// `rclaude attach` when it is interactive. Started by `run --detach`, `run --interactive` and `send`.
struct SuperviseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise", abstract: "Run a queued task in the background (internal).", shouldDisplay: false)

    @Argument var id: String
    @Option var rows: Int = 24
    @Option var cols: Int = 80

    func run() async throws {
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let env = try LiveEnvironment.make()
        guard let taskID = TaskID(id) else { throw ValidationError("'\(id)' is not a task id") }
        let record = try CLIError.wrap { try env.cache.load(taskID) }
        let supervisor = try env.supervisor(for: record)
        let terminate = InterruptWatcher(signals: [SIGTERM, SIGINT]) { supervisor.cancel() }
        defer { terminate.stop() }
        try? FileManager.default.createDirectory(
            atPath: env.paths.socketsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let socketPath = env.paths.socketFile(taskID.rawValue)
        let server = ServerBox()
        _ = try await supervisor.run(
            taskID, terminal: TerminalSize(rows: rows, cols: cols),
            onStarted: { process, log in
                do {
                    server.set(try AttachServer(path: socketPath, log: log, terminal: process))
                } catch {
                    StandardStreams.warn("interactive task \(taskID) cannot be attached: \(error)")
                }
            },
            onExit: { exit in server.finish(exit.code) })
    }
}

/// Holds the attach server once the process started.
final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var server: AttachServer?
    func set(_ s: AttachServer) { lock.withLock { server = s } }
    func finish(_ code: Int32) { lock.withLock { server }?.finish(exitCode: code) }
}
