import Foundation
import RClaudeCore
import RClaudeProviders
import Synchronization
import Testing

/// The input bundle carries the committed history up to the base and nothing else, and making it
/// writes nothing into the user's repository.
@Suite struct GitBundleMakerTests {
    @Test func theBundleHoldsHistoryUpToTheBaseAndNoLocalJunk() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        try fixture.write("later\n", to: "later.txt", in: repo)
        try await fixture.git(["add", "-A"], in: repo)
        try await fixture.git(["commit", "--quiet", "-m", "after the base"], in: repo)
        try fixture.write("uncommitted junk\n", to: "a.txt", in: repo)
        try fixture.write("staged junk\n", to: "staged.txt", in: repo)
        try await fixture.git(["add", "staged.txt"], in: repo)
        try fixture.write("untracked junk\n", to: "junk.txt", in: repo)
        let junkBlobs = [
            try await fixture.git(["hash-object", "a.txt"], in: repo),
            try await fixture.git(["hash-object", "staged.txt"], in: repo),
            try await fixture.git(["hash-object", "junk.txt"], in: repo),
        ]
        let snapshot = try await GitRepositoryInspector(git: fixture.runner).inspect(path: repo, base: "HEAD~1")
        let before = try await fixture.state(of: repo)
        let reports = Mutex<[GitBundleProgress]>([])

        let bundle = try await GitBundleMaker(git: fixture.runner).makeInputBundle(
            repository: snapshot.toplevel, baseCommit: snapshot.baseCommit, to: fixture.path("input.bundle"),
            progress: { report in reports.withLock { $0.append(report) } })

        #expect(bundle.commit == snapshot.baseCommit)
        #expect(bundle.byteCount > 0)
        #expect(bundle.byteCount == Int64(try Data(contentsOf: URL(fileURLWithPath: bundle.path)).count))
        let phases = reports.withLock { $0.map(\.phase) }
        #expect(phases.contains("Writing objects"))
        #expect(
            reports.withLock { $0.last }
                == GitBundleProgress(phase: "Done", objects: 0, totalObjects: nil, bytesWritten: bundle.byteCount))
        #expect(try await fixture.state(of: repo) == before, "the user's repository is not written to")

        let clone = fixture.path("clone")
        try await fixture.git(["clone", "--quiet", bundle.path, clone], in: fixture.root.path)
        #expect(try await fixture.git(["rev-parse", "HEAD"], in: clone) == snapshot.baseCommit)
        #expect(try await fixture.git(["log", "--format=%s"], in: clone) == "second\nfirst")
        #expect(try fixture.read("a.txt", in: clone) == "alpha\n")
        #expect(!FileManager.default.fileExists(atPath: clone + "/junk.txt"))
        #expect(!FileManager.default.fileExists(atPath: clone + "/later.txt"))
        for blob in junkBlobs {
            let present = try await fixture.runner.run(["cat-file", "-e", blob], in: clone)
            #expect(!present.succeeded, "blob \(blob) of uncommitted work is not in the bundle")
        }
        let heads = try await fixture.git(["bundle", "list-heads", bundle.path], in: clone)
        #expect(heads == "\(snapshot.baseCommit) HEAD\n\(snapshot.baseCommit) refs/rclaude/base")
    }

    @Test func aMissingBaseCommitIsAClearError() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        let error = await gitError {
            _ = try await GitBundleMaker(git: fixture.runner).makeInputBundle(
                repository: repo, baseCommit: String(repeating: "ab", count: 20), to: fixture.path("x.bundle"))
        }
        #expect(error?.message.contains("is not in") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("x.bundle")))
    }

    @Test func progressLinesParse() {
        #expect(
            GitBundleProgress.parseLine("Counting objects:  50% (3/6)", bytesWritten: 9)
                == GitBundleProgress(phase: "Counting objects", objects: 3, totalObjects: 6, bytesWritten: 9))
        #expect(
            GitBundleProgress.parseLine("Enumerating objects: 6, done.", bytesWritten: 0)
                == GitBundleProgress(phase: "Enumerating objects", objects: 6, totalObjects: nil, bytesWritten: 0))
        #expect(GitBundleProgress.parseLine("Total 6 (delta 0), reused 0 (delta 0)", bytesWritten: 0) == nil)
        #expect(GitBundleProgress.parseLine("Delta compression using up to 2 threads", bytesWritten: 0) == nil)
    }
}
