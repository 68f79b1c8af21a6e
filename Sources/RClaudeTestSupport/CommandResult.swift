import Foundation

/// The outcome of running a command in a test.
public struct CommandResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
}

/// Runs programs (usually the built `rclaude`) for end-to-end tests.
public enum CommandRunner {
    /// Runs `executable` with `arguments` and waits, with a timeout that kills it.
    ///
    /// - Parameters:
    ///   - environment: the complete environment.
    ///   - stdin: bytes to write to stdin (then closed).
    ///   - timeout: seconds before the process is killed (the result then has status -9).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        stdin: Data? = nil, timeout: TimeInterval = 120
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            DispatchQueue.global().async {
                input.fileHandleForWriting.write(stdin)
                try? input.fileHandleForWriting.close()
            }
        }
        let collector = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collector.set(data, stdout: isOut)
                group.leave()
            }
        }
        let deadline = DispatchTime.now() + timeout
        var timedOut = false
        if group.wait(timeout: deadline) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
        }
        process.waitUntilExit()
        return CommandResult(
            status: timedOut ? -9 : process.terminationStatus, stdout: collector.text(stdout: true),
            stderr: collector.text(stdout: false))
    }
}

final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func set(_ data: Data, stdout: Bool) {
        lock.withLock {
            if stdout { out = data } else { err = data }
        }
    }

    func text(stdout: Bool) -> String {
        lock.withLock { String(decoding: stdout ? out : err, as: UTF8.self) }
    }
}
