import Foundation

/// A throwaway git repository for one test.
public struct ScratchRepository: Sendable {
    /// The repository's directory.
    public let path: String

    /// Creates a repository with one commit of README.md ("original readme") on `main`.
    public init(at path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "user@example.com")
        try git("config", "user.name", "User")
        try "original readme\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
        try git("add", "README.md")
        try git("commit", "-q", "-m", "First")
    }

    /// Runs git in the repository; throws with its stderr when it fails.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    /// Runs git in the repository; throws with its stderr when it fails.
    @discardableResult
    public func git(_ arguments: [String]) throws -> String {
        let result = try CommandRunner.run(
            "/usr/bin/env", ["git"] + arguments, environment: ProcessInfo.processInfo.environment, directory: path, timeout: 60)
        guard result.status == 0 else { throw RepositoryTestError(message: "git \(arguments): \(result.stderr)") }
        return result.stdout
    }

    /// The checked-out commit.
    public var head: String { (try? git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)) ?? "" }
}

/// A git command failed in a test repository.
public struct RepositoryTestError: Error, CustomStringConvertible {
    /// What failed.
    public let message: String
    /// The message.
    public var description: String { message }
}

