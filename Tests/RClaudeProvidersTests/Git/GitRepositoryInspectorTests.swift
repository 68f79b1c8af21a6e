import Foundation
import RClaudeCore
import RClaudeProviders
import Testing

/// `GitRepositoryInspector` resolves the base and reports what will not travel, with an error
/// that says how to fix each unusable repository.
@Suite struct GitRepositoryInspectorTests {
    @Test func aPathThatIsNotADirectoryIsRefused() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        try fixture.write("x", to: "file.txt", in: fixture.root.path)
        let inspector = GitRepositoryInspector(git: fixture.runner)
        for path in [fixture.path("file.txt"), fixture.path("missing")] {
            let error = await gitError { _ = try await inspector.inspect(path: path) }
            #expect(error?.code == .git)
            #expect(error?.message.contains("is not a directory") == true)
        }
    }

    @Test func aDirectoryOutsideGitSuggestsGitInitOrWorkspace() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let plain = fixture.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let error = await gitError { _ = try await GitRepositoryInspector(git: fixture.runner).inspect(path: plain) }
        #expect(error?.message.contains("is not a git repository") == true)
        #expect(error?.message.contains("git init") == true)
        #expect(error?.message.contains("--workspace") == true)
    }

    @Test func aRepositoryWithoutCommitsIsRefused() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let empty = fixture.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try await fixture.git(["init", "--quiet"], in: empty)
        let error = await gitError { _ = try await GitRepositoryInspector(git: fixture.runner).inspect(path: empty) }
        #expect(error?.message.contains("has no commits yet") == true)
    }

    @Test func aMissingBaseIsNamedWithWhereToLook() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        let error = await gitError {
            _ = try await GitRepositoryInspector(git: fixture.runner).inspect(path: repo, base: "no-such-branch")
        }
        #expect(error?.message.contains("'no-such-branch' does not exist") == true)
        #expect(error?.message.contains("git branch -a") == true)
        #expect(error?.message.contains("git log") == true)
    }

    @Test func aDirtyRepositoryIsSummarizedAndLeftAlone() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        try await fixture.git(["tag", "v1", "HEAD~1"], in: repo)
        try fixture.write("alpha changed\n", to: "a.txt", in: repo)
        try fixture.write("bravo staged\n", to: "b.txt", in: repo)
        try fixture.write("staged new\n", to: "new.txt", in: repo)
        try await fixture.git(["add", "b.txt", "new.txt"], in: repo)
        try fixture.write("junk\n", to: "junk.txt", in: repo)
        try fixture.write("more junk\n", to: "tmp/more.txt", in: repo)
        let before = try await fixture.state(of: repo)

        let snapshot = try await GitRepositoryInspector(git: fixture.runner).inspect(path: repo + "/docs", base: "v1")

        #expect(snapshot.toplevel == repo)
        #expect(snapshot.baseRef == "v1")
        #expect(snapshot.baseCommit == (try await fixture.git(["rev-parse", "HEAD~1"], in: repo)))
        #expect(snapshot.currentBranch == "main")
        #expect(snapshot.uncommitted.sorted() == ["a.txt", "b.txt", "new.txt"])
        #expect(snapshot.untracked.sorted() == ["junk.txt", "tmp/more.txt"])
        #expect(
            snapshot.carriedSummary
                == "3 uncommitted changes and 2 untracked files are not carried — commit them first to include them (only the committed history up to v1 (\(snapshot.shortBaseCommit)) travels)"
        )
        #expect(try await fixture.state(of: repo) == before)
    }

    @Test func aCleanRepositoryOnADetachedHead() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        try await fixture.git(["checkout", "--quiet", "--detach", "HEAD"], in: repo)
        let snapshot = try await GitRepositoryInspector(git: fixture.runner).inspect(path: repo)
        #expect(snapshot.currentBranch == nil)
        #expect(!snapshot.hasUncarriedWork)
        #expect(
            snapshot.carriedSummary
                == "the committed history up to HEAD (\(snapshot.shortBaseCommit)) is carried; the working tree is clean"
        )
    }

    @Test func oneUntrackedFileIsSingular() {
        let snapshot = RepositorySnapshot(
            toplevel: "/r", baseRef: "HEAD", baseCommit: "0123456789abcdef", currentBranch: "main", uncommitted: [],
            untracked: ["x"])
        #expect(
            snapshot.carriedSummary
                == "1 untracked file is not carried — commit it first to include it (only the committed history up to HEAD (0123456) travels)"
        )
    }
}
