import Foundation

/// A private rclaude home for one test, and a way to run the real `rclaude` binary in it.
public struct RClaudeHarness: Sendable {
    /// The temporary directory holding `home/` (RCLAUDE_HOME) and `user/` (HOME).
    public let root: TemporaryDirectory
    /// Extra environment for every command.
    public var environment: [String: String]

    /// Creates an empty rclaude home.
    public init(environment: [String: String] = [:]) throws {
        root = try TemporaryDirectory(prefix: "rclaude-e2e")
        try FileManager.default.createDirectory(atPath: root.appending("user"), withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["RCLAUDE_HOME"] = root.appending("home")
        env["HOME"] = root.appending("user")
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "CLAUDECODE")
        for (k, v) in environment { env[k] = v }
        self.environment = env
    }

    /// RCLAUDE_HOME.
    public var home: String { root.appending("home") }

    /// Runs `rclaude` with `arguments`.
    public func run(_ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 120, extraEnvironment: [String: String] = [:])
        throws -> CommandResult
    {
        var env = environment
        for (k, v) in extraEnvironment { env[k] = v }
        return try CommandRunner.run(Fixtures.rclaudeExecutable, arguments, environment: env, stdin: stdin, timeout: timeout)
    }

    /// `run` on a thread of its own, for async tests: a blocking wait must not hold one of the
    /// few cooperative threads the other tests need.
    public func runDetached(
        _ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 120, extraEnvironment: [String: String] = [:]
    ) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    continuation.resume(
                        returning: try self.run(arguments, stdin: stdin, timeout: timeout, extraEnvironment: extraEnvironment))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    /// Decodes each stdout line of `ls --json`-style output as a dictionary.
    public static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Removes the temporary directory.
    public func remove() { root.remove() }
}
