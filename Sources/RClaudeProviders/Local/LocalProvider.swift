import Foundation
import RClaudeCore
import RClaudeStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs tasks on this machine: a workspace directory per task (or a git worktree on a branch
/// `rclaude/<id>`), the agent as a child process with pipes or under a real PTY.
public struct LocalProvider: SandboxProvider {
    public var name: String { "local" }
    /// Where rclaude keeps its files (managed workspaces live under it).
    public let paths: StorePaths
    /// The environment agents inherit.
    public let environment: [String: String]
    /// Tokens for cloning `--repo URL`, by host (never given to agents).
    public var gitTokens: [String: String] = [:]
    private let runner = LocalProcessRunner()
    private let locator: AgentBinaryLocator

    /// Creates the provider.
    public init(paths: StorePaths, environment: [String: String]) {
        self.paths = paths
        self.environment = environment
        self.locator = AgentBinaryLocator(environment: environment)
    }

    public func prepareWorkspace(for record: TaskRecord) async throws -> PreparedWorkspace {
        if let existing = record.workspacePath, FileManager.default.fileExists(atPath: existing) {
            return PreparedWorkspace(path: existing, branch: record.branch)
        }
        switch record.workspaceSpec {
        case .managed:
            let path = "\(paths.workspacesDirectory)/\(record.id.rawValue)"
            do {
                try PosixFile.makeDirectory(path)
            } catch let error as CoreError {
                throw ProviderError(code: .workspace, message: "cannot create the task's workspace: \(error.message)")
            }
            return PreparedWorkspace(path: path, branch: nil)
        case .directory(let path):
            try WorkspaceValidator.requireWritableDirectory(path)
            return PreparedWorkspace(path: path, branch: nil)
        case .gitWorktree(let repository):
            return try await GitWorktree(environment: environment, gitTokens: gitTokens)
                .create(
                    repository: repository, base: record.options.baseRef, taskID: record.id, under: paths.workspacesDirectory)
        }
    }

    public func launch(_ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?) async throws
        -> any SandboxProcess
    {
        try spawn(command, in: workspace, terminal: terminal)
    }

    /// Like `launch`, returning the concrete process (it is also an `InteractiveTerminal`);
    /// `stdoutSink` takes its stdout on the reading thread.
    public func spawn(
        _ command: AgentCommand, in workspace: PreparedWorkspace, terminal: TerminalSize?, stdoutSink: StdoutSink? = nil
    ) throws -> LocalProcess {
        let executable: String
        if command.executable.hasPrefix("/") {
            executable = command.executable
        } else if let found = locator.search(command.executable) {
            executable = found
        } else {
            throw ProviderError(code: .agentMissing, message: "'\(command.executable)' was not found on PATH")
        }
        var env = environment
        for key in command.removedEnvironment { env.removeValue(forKey: key) }
        for (key, value) in command.environment { env[key] = value }
        env["PWD"] = workspace.path
        if terminal != nil, env["TERM"] == nil || env["TERM"] == "dumb" { env["TERM"] = "xterm-256color" }
        let process = try runner.spawn(
            executable: executable, arguments: command.arguments, environment: env, directory: workspace.path,
            terminal: terminal, mergeStderr: command.mergeStderr, keepStdinOpen: terminal == nil && command.conversationInput != nil,
            standardInput: terminal == nil ? command.standardInput : nil, stdoutSink: stdoutSink)
        if terminal == nil, let first = command.conversationInput { process.write(first) }
        return process
    }

    /// The agent program for `agent`.
    public func locateAgent(_ agent: AgentKind) throws -> String { try locator.locate(agent) }
}

/// Checks a user-named workspace before anything runs in it.
public enum WorkspaceValidator {
    /// - Throws: `ProviderError` `.workspace` when `path` is missing, not a directory or not writable.
    public static func requireWritableDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProviderError(
                code: .workspace, message: "workspace '\(path)' does not exist; create it or pass an existing directory")
        }
        guard isDirectory.boolValue else {
            throw ProviderError(code: .workspace, message: "workspace '\(path)' is not a directory; pass a directory")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw ProviderError(
                code: .workspace,
                message: "workspace '\(path)' is not writable by this user; fix its permissions or choose another directory")
        }
    }
}
