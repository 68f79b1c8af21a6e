// Runs the git command-line program. Every git call of the Git/ folder goes through here, so the
// rules live in one place: no terminal prompts, no pager, English messages (callers read them),
// and credentials passed as one-shot configuration in the environment — never on the command
// line, where `ps` would show them, and never in a file.

import Foundation
import RClaudeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs git with arguments in a directory and returns its exit status, stdout and stderr.
public struct GitRunner: Sendable {
    /// The most stderr kept in a result; older text is dropped first.
    static let stderrLimit = 256 * 1024
    /// The absolute path of the git program.
    public let executable: String
    /// The base environment of every git process (per-call variables are added on top).
    public let environment: [String: String]

    /// Creates a runner for a known git program.
    ///
    /// - Parameters:
    ///   - executable: the absolute path of git.
    ///   - environment: the base environment of every git process.
    public init(executable: String, environment: [String: String]) {
        self.executable = executable
        self.environment = environment
    }

    /// Creates a runner for the git found on `PATH` (or named by `RCLAUDE_GIT_BIN`).
    ///
    /// - Parameter environment: the environment to search and to give git.
    /// - Throws: `ProviderError` `.git` saying how to install git when it is missing.
    public init(environment: [String: String]) throws {
        if let explicit = environment["RCLAUDE_GIT_BIN"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw ProviderError(
                    code: .git,
                    message:
                        "RCLAUDE_GIT_BIN is set to '\(explicit)', which is not an executable file; point it at git or unset it to search PATH"
                )
            }
            self.init(executable: explicit, environment: environment)
            return
        }
        guard let found = AgentBinaryLocator(environment: environment).search("git") else {
            throw ProviderError(
                code: .git,
                message:
                    "git is not installed or not on PATH (\(environment["PATH"] ?? "PATH is unset")); install git (e.g. 'apt-get install git' or 'brew install git') or set RCLAUDE_GIT_BIN to its path"
            )
        }
        self.init(executable: found, environment: environment)
    }

    /// Runs `git <arguments>`.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after `git`.
    ///   - directory: the working directory (git's `-C`); `nil` for the current one.
    ///   - environment: variables added for this call only (e.g. `GIT_INDEX_FILE`).
    ///   - config: configuration for this call only, like `git -c key=value` but passed through
    ///     `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, so secrets such as an
    ///     `http.extraHeader` never appear in the process list or any file.
    ///   - standardOutput: where stdout goes; `.file` streams big outputs to disk.
    ///   - onStderrLine: called with each line git writes to stderr (progress lines end in `\r`).
    /// - Returns: the exit status and output. A failing git is a result, not an error.
    /// - Throws: `ProviderError` `.git` when git cannot be started or `directory` is missing;
    ///   `CancellationError` when the task was cancelled (git is stopped with SIGTERM).
    public func run(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        config: [String: String] = [:], standardOutput: GitOutputDestination = .capture,
        onStderrLine: (@Sendable (String) -> Void)? = nil
    ) async throws -> GitResult {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ProviderError(
                    code: .git, message: "cannot run git in '\(directory)': it does not exist or is not a directory")
            }
        }
        let sink = try GitOutputSink(standardOutput)
        let process: LocalProcess
        do {
            process = try LocalProcessRunner().spawn(
                executable: executable, arguments: arguments, environment: processEnvironment(extra, config: config),
                directory: directory, terminal: nil)
        } catch {
            throw ProviderError(
                code: .git,
                message: "cannot start git (\(executable)): \(error); install git or set RCLAUDE_GIT_BIN to its path")
        }
        var stderrBytes: [UInt8] = []
        var pendingLine: [UInt8] = []
        await withTaskCancellationHandler {
            for await chunk in process.output {
                switch chunk.stream {
                case .stdout:
                    sink.write(chunk.bytes)
                case .stderr:
                    stderrBytes += chunk.bytes
                    // Progress of a huge repository can be megabytes; the end is what matters.
                    if stderrBytes.count > Self.stderrLimit { stderrBytes.removeFirst(stderrBytes.count - Self.stderrLimit / 2) }
                    guard let onStderrLine else { continue }
                    for byte in chunk.bytes {
                        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                            if !pendingLine.isEmpty { onStderrLine(String(decoding: pendingLine, as: UTF8.self)) }
                            pendingLine.removeAll(keepingCapacity: true)
                        } else {
                            pendingLine.append(byte)
                        }
                    }
                }
            }
        } onCancel: {
            process.signal(SIGTERM)
        }
        if let onStderrLine, !pendingLine.isEmpty { onStderrLine(String(decoding: pendingLine, as: UTF8.self)) }
        let exit = await process.wait()
        let stdout = try sink.finish()
        try Task.checkCancellation()
        return GitResult(
            exitCode: exit.code, signaled: exit.signaled, stdout: stdout,
            stderr: String(decoding: stderrBytes, as: UTF8.self))
    }

    /// Runs git and returns its result, or throws a `.git` error built by `failure` when it fails.
    ///
    /// - Parameters:
    ///   - failure: the message for a failed run, given git's result.
    /// - Returns: the successful result.
    public func check(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        config: [String: String] = [:], failure: (GitResult) -> String
    ) async throws -> GitResult {
        let result = try await run(arguments, in: directory, environment: extra, config: config)
        guard result.succeeded else { throw ProviderError(code: .git, message: failure(result)) }
        return result
    }

    /// The child's environment: the base, the fixed rules, the per-call variables and the config.
    func processEnvironment(_ extra: [String: String], config: [String: String]) -> [String: String] {
        var env = environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_PAGER"] = "cat"
        env["LC_ALL"] = "C"
        env["LANGUAGE"] = "C"
        for (key, value) in extra { env[key] = value }
        if !config.isEmpty {
            var index = Int(env["GIT_CONFIG_COUNT"] ?? "") ?? 0
            for (key, value) in config.sorted(by: { $0.key < $1.key }) {
                env["GIT_CONFIG_KEY_\(index)"] = key
                env["GIT_CONFIG_VALUE_\(index)"] = value
                index += 1
            }
            env["GIT_CONFIG_COUNT"] = String(index)
        }
        return env
    }
}
