// A throwaway bare repository that borrows the objects of a real one through
// `objects/info/alternates`. Refs and new objects live here, so making a bundle with exactly the
// refs we want (`refs/heads/rclaude/<id>` at a snapshot commit, say) never writes a ref, an index
// or an object into the user's or the agent's repository.

import Foundation
import RClaudeCore

/// A bare repository in a scratch directory whose object store falls back to another repository's.
struct GitHelperRepository {
    let git: GitRunner
    /// The bare repository's path.
    let path: String
    /// Its own object directory, where new objects go.
    var objects: String { path + "/objects" }
    /// The borrowed object directory.
    let borrowedObjects: String

    /// Creates the bare repository at `path` borrowing `repository`'s objects.
    init(git: GitRunner, at path: String, borrowingFrom repository: String) async throws {
        self.git = git
        self.path = path
        self.borrowedObjects = try await Self.objectDirectory(of: repository, git: git)
        _ = try await git.check(["init", "--quiet", "--bare", path]) {
            "cannot create a helper repository at '\(path)': \($0.complaint)"
        }
        do {
            try Data((borrowedObjects + "\n").utf8).write(to: URL(fileURLWithPath: objects + "/info/alternates"))
        } catch {
            throw ProviderError(
                code: .git,
                message: "cannot set up a helper repository at '\(path)': \(error); check TMPDIR and free disk space")
        }
    }

    /// The absolute object directory of the repository at `repository`.
    static func objectDirectory(of repository: String, git: GitRunner) async throws -> String {
        let result = try await git.check(["rev-parse", "--git-path", "objects"], in: repository) {
            "cannot find the object store of '\(repository)': \($0.complaint)"
        }
        let path = result.output
        return path.hasPrefix("/") ? path : (repository as NSString).appendingPathComponent(path)
    }

    /// Environment that makes a git command in the borrowing repository write new objects here
    /// (and read them back) instead of into its own store.
    var objectEnvironment: [String: String] {
        ["GIT_OBJECT_DIRECTORY": objects, "GIT_ALTERNATE_OBJECT_DIRECTORIES": borrowedObjects]
    }

    /// Points `ref` at `commit` (a full ref name, or `HEAD` for a detached head).
    func setRef(_ ref: String, to commit: String) async throws {
        let arguments = ref == "HEAD" ? ["update-ref", "--no-deref", "HEAD", commit] : ["update-ref", ref, commit]
        _ = try await git.check(arguments, in: path) { "cannot record \(ref) at \(commit.prefix(7)): \($0.complaint)" }
    }

    /// Writes a bundle of `refs` (minus what `excluding` reaches) to `file`, via a `.partial` file
    /// renamed into place only when git succeeded.
    ///
    /// - Returns: the bundle's size in bytes.
    func createBundle(
        _ file: String, refs: [String], excluding: [String], progress: (@Sendable (GitBundleProgress) -> Void)?
    ) async throws -> Int64 {
        let partial = file + ".partial"
        let tracker = progress.map { GitBundleProgressTracker(file: partial, report: $0) }
        let flags = progress == nil ? ["--quiet"] : ["--progress", "--all-progress"]
        var onLine: (@Sendable (String) -> Void)? = nil
        if let tracker { onLine = { line in tracker.line(line) } }
        let arguments = ["bundle", "create"] + flags + ["-"] + refs + excluding.map { "^" + $0 }
        let result = try await git.run(arguments, in: path, standardOutput: .file(partial), onStderrLine: onLine)
        guard result.succeeded else {
            try? FileManager.default.removeItem(atPath: partial)
            throw ProviderError(code: .git, message: "cannot write the bundle '\(file)': \(result.complaint)")
        }
        do {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            try FileManager.default.moveItem(atPath: partial, toPath: file)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw ProviderError(
                code: .git,
                message:
                    "cannot move the bundle into place at '\(file)': \(error); check that its directory is writable")
        }
        let size = GitFileSize.of(file)
        tracker?.finish(bytes: size)
        return size
    }
}
