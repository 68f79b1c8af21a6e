import Foundation
import RClaudeCore
import RClaudeProviders
import Testing

/// Pulling creates a new branch and nothing else: never an existing or checked-out branch, never
/// from a cut-off bundle, never without the base.
@Suite struct GitChangeImporterTests {
    /// A scenario exported to `out.bundle`.
    func exported(_ fixture: GitFixture) async throws -> (GitAgentScenario, GitExportedChanges) {
        let scenario = try await GitAgentScenario.make(fixture)
        let export = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
            .exportBundle(branch: scenario.branch, to: fixture.path("out.bundle"))
        guard case .exported(let changes) = export else {
            throw ProviderError(code: .git, message: "expected an export, got \(export)")
        }
        return (scenario, changes)
    }

    /// Makes the user's repository dirty: a modified file, a staged file and an untracked one.
    func dirty(_ repo: String, _ fixture: GitFixture) async throws {
        try fixture.write("alpha, the user's edit\n", to: "a.txt", in: repo)
        try fixture.write("staged by the user\n", to: "staged.txt", in: repo)
        try await fixture.git(["add", "staged.txt"], in: repo)
        try fixture.write("the user's scratch\n", to: "scratch.txt", in: repo)
    }

    @Test func pullingCreatesTheBranchWithTheAgentsWorkAndTouchesNothingElse() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (scenario, changes) = try await exported(fixture)
        let sandboxDiff = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace).diff()
        try await dirty(scenario.repo, fixture)
        let before = try await fixture.state(of: scenario.repo)
        let userFile = try fixture.read("a.txt", in: scenario.repo)

        let pulled = try await GitChangeImporter(git: fixture.runner).pull(
            bundle: changes.bundle.path, into: scenario.repo, branch: scenario.branch)

        #expect(
            pulled
                == PulledBranch(branch: "rclaude/t42", head: changes.head, baseCommits: [scenario.base], commitCount: 2)
        )
        let log = try await fixture.git(["log", "--format=%s", "\(scenario.base)..rclaude/t42"], in: scenario.repo)
        #expect(log == "rclaude: snapshot of uncommitted changes\nagent commit")
        let diff = try await fixture.gitBytes(["diff", "--no-color", scenario.base, "rclaude/t42"], in: scenario.repo)
        #expect(diff == sandboxDiff)
        let after = try await fixture.state(of: scenario.repo)
        #expect(after.head == before.head)
        #expect(after.symbolicHead == "refs/heads/main")
        #expect(after.index == before.index, "the index file is byte-for-byte the same")
        #expect(after.status == before.status)
        #expect(after.refs == before.refs + "\nrefs/heads/rclaude/t42 \(changes.head)")
        #expect(try fixture.read("a.txt", in: scenario.repo) == userFile)
        #expect(!FileManager.default.fileExists(atPath: scenario.repo + "/c.txt"))
    }

    @Test func anExistingBranchIsNeverOverwritten() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (scenario, changes) = try await exported(fixture)
        try await fixture.git(["branch", scenario.branch, "HEAD~1"], in: scenario.repo)
        let before = try await fixture.state(of: scenario.repo)

        let error = await gitError {
            _ = try await GitChangeImporter(git: fixture.runner).pull(
                bundle: changes.bundle.path, into: scenario.repo, branch: scenario.branch)
        }

        #expect(error?.message.contains("a branch named 'rclaude/t42' already exists") == true)
        #expect(error?.message.contains("--branch NAME") == true)
        #expect(try await fixture.state(of: scenario.repo) == before)
        let other = try await GitChangeImporter(git: fixture.runner).pull(
            bundle: changes.bundle.path, into: scenario.repo, branch: "rclaude/t42-2")
        #expect(other.head == changes.head, "another name works")
    }

    @Test func theCheckedOutBranchIsRefused() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (scenario, changes) = try await exported(fixture)
        try await dirty(scenario.repo, fixture)
        let before = try await fixture.state(of: scenario.repo)
        let importer = GitChangeImporter(git: fixture.runner)

        let error = await gitError {
            _ = try await importer.pull(bundle: changes.bundle.path, into: scenario.repo, branch: "main")
        }
        #expect(error?.message.contains("the branch 'main' is checked out in '\(scenario.repo)'") == true)
        #expect(error?.message.contains("--branch NAME") == true)

        try await fixture.git(["checkout", "--quiet", "--orphan", "fresh"], in: scenario.repo)
        let unborn = await gitError {
            _ = try await importer.pull(bundle: changes.bundle.path, into: scenario.repo, branch: "fresh")
        }
        #expect(unborn?.message.contains("is checked out") == true, "even a branch without commits yet")
        try await fixture.git(["checkout", "--quiet", "main"], in: scenario.repo)
        #expect(try await fixture.state(of: scenario.repo) == before)
    }

    @Test func aCutOffBundleIsRefusedAndCreatesNoRef() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (scenario, changes) = try await exported(fixture)
        let data = try Data(contentsOf: URL(fileURLWithPath: changes.bundle.path))
        let cut = fixture.path("cut.bundle")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let before = try await fixture.state(of: scenario.repo)

        let error = await gitError {
            _ = try await GitChangeImporter(git: fixture.runner).pull(
                bundle: cut, into: scenario.repo, branch: scenario.branch)
        }

        #expect(error?.message.contains("the bundle '\(cut)' is incomplete (\(data.count / 2) bytes") == true)
        #expect(error?.message.contains("export it again") == true)
        #expect(try await fixture.state(of: scenario.repo) == before)

        let headerOnly = fixture.path("header.bundle")
        try data.prefix(40).write(to: URL(fileURLWithPath: headerOnly))
        let headerError = await gitError {
            _ = try await GitChangeImporter(git: fixture.runner).pull(
                bundle: headerOnly, into: scenario.repo, branch: scenario.branch)
        }
        #expect(headerError?.message.contains("incomplete") == true)
        #expect(try await fixture.state(of: scenario.repo) == before)
    }

    @Test func aRepositoryWithoutTheBaseIsToldToFetchIt() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (scenario, changes) = try await exported(fixture)
        let stranger = fixture.path("stranger")
        try FileManager.default.createDirectory(atPath: stranger, withIntermediateDirectories: true)
        try await fixture.git(["init", "--quiet"], in: stranger)
        try fixture.write("other\n", to: "other.txt", in: stranger)
        try await fixture.git(["add", "-A"], in: stranger)
        try await fixture.git(["commit", "--quiet", "-m", "unrelated"], in: stranger)
        let before = try await fixture.state(of: stranger)

        let error = await gitError {
            _ = try await GitChangeImporter(git: fixture.runner).pull(
                bundle: changes.bundle.path, into: stranger, branch: scenario.branch)
        }

        #expect(
            error?.message.contains("the base commit \(scenario.base.prefix(7)) is not in this repository") == true,
            "\(String(describing: error))")
        #expect(error?.message.contains("fetch it first") == true)
        #expect(try await fixture.state(of: stranger) == before)
    }
}
