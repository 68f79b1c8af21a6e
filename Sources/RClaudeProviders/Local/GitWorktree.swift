import Foundation
import RClaudeCore
import RClaudeStore

/// Creates a git worktree for a task on a new branch `rclaude/<id>`.
struct GitWorktree {
    let locator: AgentBinaryLocator
    let environment: [String: String]

    func create(repository: String, taskID: TaskID, under directory: String) async throws -> PreparedWorkspace {
        guard let git = locator.search("git") else {
            throw ProviderError(code: .git, message: "--repo needs git, which is not on PATH; install git")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: repository, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProviderError(code: .git, message: "--repo '\(repository)' does not exist or is not a directory")
        }
        let check = try await run(git, ["-C", repository, "rev-parse", "--show-toplevel"])
        guard check.exit.code == 0 else {
            throw ProviderError(
                code: .git,
                message: "--repo '\(repository)' is not a git repository (git said: \(check.text.trimmingCharacters(in: .whitespacesAndNewlines))); run 'git init' there or pass --workspace instead")
        }
        let head = try await run(git, ["-C", repository, "rev-parse", "--verify", "HEAD"])
        guard head.exit.code == 0 else {
            throw ProviderError(
                code: .git, message: "--repo '\(repository)' has no commits yet; make a first commit so a branch can start from it")
        }
        try PosixFile.makeDirectory(directory)
        let path = "\(directory)/\(taskID.rawValue)"
        let branch = "rclaude/\(taskID.rawValue)"
        let add = try await run(git, ["-C", repository, "worktree", "add", "-b", branch, path, "HEAD"])
        guard add.exit.code == 0 else {
            throw ProviderError(
                code: .git, message: "cannot create a worktree of '\(repository)': \(add.text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return PreparedWorkspace(path: path, branch: branch)
    }

    private func run(_ git: String, _ arguments: [String]) async throws -> (exit: ProcessExit, text: String) {
        var env = environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        let process = try LocalProcessRunner().spawn(
            executable: git, arguments: arguments, environment: env, directory: nil, terminal: nil, mergeStderr: true)
        var bytes: [UInt8] = []
        for await chunk in process.output { bytes += chunk.bytes }
        return (await process.wait(), String(decoding: bytes, as: UTF8.self))
    }
}
