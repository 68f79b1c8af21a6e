import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeTestSupport
import Testing

/// Real git repositories in a temporary directory, with git isolated from the machine's and the
/// user's configuration. `remove()` deletes everything.
struct GitFixture {
    let root: TemporaryDirectory
    /// The runner the code under test gets: no global or system config, no identity.
    let runner: GitRunner

    init() throws {
        root = try TemporaryDirectory(prefix: "rclaude-git")
        var environment: [String: String] = [:]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        environment["HOME"] = root.path
        environment["TMPDIR"] = root.appending("tmp")
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        try FileManager.default.createDirectory(atPath: root.appending("tmp"), withIntermediateDirectories: true)
        runner = try GitRunner(environment: environment)
    }

    func remove() { root.remove() }

    /// A path inside the fixture.
    func path(_ component: String) -> String { root.appending(component) }

    /// Runs git as a test's "user" (with an identity) and requires success; returns trimmed stdout.
    @discardableResult
    func git(_ arguments: [String], in directory: String) async throws -> String {
        let result = try await runner.run(
            arguments, in: directory,
            config: ["user.name": "Test User", "user.email": "user@example.com", "init.defaultBranch": "main"])
        try #require(result.succeeded, "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result.output
    }

    /// Runs git and returns its raw stdout bytes, requiring success.
    func gitBytes(_ arguments: [String], in directory: String) async throws -> [UInt8] {
        let result = try await runner.run(arguments, in: directory)
        try #require(result.succeeded, "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result.stdout
    }

    /// Writes `text` to `file` inside `directory`, creating folders.
    func write(_ text: String, to file: String, in directory: String) throws {
        try write(Data(text.utf8), to: file, in: directory)
    }

    func write(_ data: Data, to file: String, in directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func read(_ file: String, in directory: String) throws -> String {
        try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
    }

    /// A repository `name` on `main` with two commits: "first" (a.txt, b.txt) and "second".
    func makeRepository(_ name: String = "repo") async throws -> String {
        let repo = path(name)
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try await git(["init", "--quiet"], in: repo)
        try write("alpha\n", to: "a.txt", in: repo)
        try write("bravo\n", to: "b.txt", in: repo)
        try await git(["add", "-A"], in: repo)
        try await git(["commit", "--quiet", "-m", "first"], in: repo)
        try write("notes\n", to: "docs/notes.md", in: repo)
        try await git(["add", "-A"], in: repo)
        try await git(["commit", "--quiet", "-m", "second"], in: repo)
        return repo
    }

    /// What a test checks stays untouched in a repository: HEAD, the checked-out branch, the
    /// index file's bytes, `git status` and every ref.
    func state(of repo: String) async throws -> GitRepositoryState {
        let index = try Data(contentsOf: URL(fileURLWithPath: repo + "/.git/index"))
        return GitRepositoryState(
            head: try await git(["rev-parse", "HEAD"], in: repo),
            symbolicHead: try await git(["symbolic-ref", "-q", "HEAD"], in: repo),
            index: index,
            status: try await git(["status", "--porcelain=v1", "--untracked-files=all"], in: repo),
            refs: try await git(["for-each-ref", "--format=%(refname) %(objectname)"], in: repo))
    }

    /// Every regular file under `directory`, as paths.
    func allFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = directory + "/" + next
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files
    }

    /// Files under `directory` whose bytes contain `needle`.
    func files(under directory: String, containing needle: String) -> [String] {
        let pattern = Data(needle.utf8)
        return allFiles(under: directory).filter { file in
            guard let data = FileManager.default.contents(atPath: file) else { return false }
            return data.range(of: pattern) != nil
        }
    }
}

/// A repository's observable state.
struct GitRepositoryState: Equatable {
    var head: String
    var symbolicHead: String
    var index: Data
    var status: String
    var refs: String
}

/// Runs `body` and returns the `ProviderError` it throws (failing the test when it does not).
func gitError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async
    -> ProviderError?
{
    do {
        try await body()
        Issue.record("expected a ProviderError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as ProviderError {
        return error
    } catch {
        Issue.record("expected a ProviderError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
