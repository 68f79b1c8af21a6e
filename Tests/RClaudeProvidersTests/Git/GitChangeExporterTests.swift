import Foundation
import RClaudeCore
import RClaudeProviders
import Testing

/// The exporter sees commits, uncommitted and untracked work, and leaves the workspace exactly
/// as the agent left it.
@Suite struct GitChangeExporterTests {
    @Test func theDiffShowsCommitsUncommittedAndUntrackedWorkAndChangesNothing() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture)
        let before = try await scenario.workspaceState()

        let diff = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace).diff()

        #expect(String(decoding: diff, as: UTF8.self) == (try await scenario.expectedDiff()))
        let after = try await scenario.workspaceState()
        #expect(after.0 == before.0, "HEAD, index, status and refs are unchanged")
        #expect(after.1 == before.1, "no object was written into the workspace's store")
        #expect(after.2 == before.2, "no file in the workspace was added or removed")
        #expect(fixture.allFiles(under: fixture.path("tmp")) == [], "the scratch space is cleaned up")
    }

    @Test func theDiffCanStreamToAFile() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture)
        let size = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
            .diff(base: scenario.base, to: fixture.path("changes.diff"))
        let text = try fixture.read("changes.diff", in: fixture.root.path)
        #expect(text == (try await scenario.expectedDiff()))
        #expect(size == Int64(text.utf8.count))
    }

    @Test func theBundleCarriesTheAgentsCommitPlusASnapshotAndChangesNothing() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture)
        let before = try await scenario.workspaceState()
        let agentCommit = try await fixture.git(["rev-parse", "HEAD"], in: scenario.workspace)

        let export = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
            .exportBundle(branch: scenario.branch, to: fixture.path("out.bundle"))

        guard case .exported(let changes) = export else {
            Issue.record("expected an export, got \(export)")
            return
        }
        #expect(changes.baseCommit == scenario.base)
        #expect(changes.commitCount == 2)
        #expect(changes.snapshotCommit == changes.head)
        #expect(changes.changes.paths == [".gitignore", "a.txt", "b.txt", "c.txt", "d.bin"])
        #expect(changes.changes.description == "5 files changed, 4 insertions(+), 0 deletions(-)")
        #expect(
            changes.bundle.byteCount == Int64(try Data(contentsOf: URL(fileURLWithPath: changes.bundle.path)).count))
        let heads = try await fixture.git(["bundle", "list-heads", changes.bundle.path], in: scenario.workspace)
        #expect(heads == "\(changes.head) refs/heads/rclaude/t42")
        let header = try String(
            decoding: Data(contentsOf: URL(fileURLWithPath: changes.bundle.path)).prefix(200), as: UTF8.self)
        #expect(header.contains("\n-\(scenario.base)"), "the base is the prerequisite")
        let after = try await scenario.workspaceState()
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        #expect(after.2 == before.2)
        #expect(try await fixture.git(["rev-parse", "HEAD"], in: scenario.workspace) == agentCommit)
    }

    @Test func onlyCommitsMeansNoSnapshotCommit() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture, agentWorks: false)
        try fixture.write("alpha\nagent\n", to: "a.txt", in: scenario.workspace)
        try await scenario.agentGit(["commit", "--quiet", "-am", "agent"])
        let export = try await GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
            .exportBundle(branch: scenario.branch, to: fixture.path("out.bundle"))
        guard case .exported(let changes) = export else {
            Issue.record("expected an export, got \(export)")
            return
        }
        #expect(changes.snapshotCommit == nil)
        #expect(changes.commitCount == 1)
        #expect(changes.head == (try await fixture.git(["rev-parse", "HEAD"], in: scenario.workspace)))
    }

    @Test func nothingChangedIsNoChangesAndNoFile() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture, agentWorks: false)
        try fixture.write("scratch.log\n", to: ".git/info/exclude", in: scenario.workspace)
        try fixture.write("an ignored file is not a change\n", to: "scratch.log", in: scenario.workspace)
        let exporter = GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
        let export = try await exporter.exportBundle(
            base: scenario.base, branch: scenario.branch, to: fixture.path("out.bundle"))
        #expect(export == .noChanges(baseCommit: scenario.base))
        #expect(!FileManager.default.fileExists(atPath: fixture.path("out.bundle")))
        #expect(try await exporter.diff().isEmpty)
    }

    @Test func aMissingBaseOrAWorkspaceOffTheBaseIsAClearError() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let scenario = try await GitAgentScenario.make(fixture)
        let exporter = GitChangeExporter(git: fixture.runner, workspace: scenario.workspace)
        let missing = await gitError { _ = try await exporter.diff(base: String(repeating: "0", count: 40)) }
        #expect(missing?.message.contains("is not in the workspace") == true)
        try await scenario.agentGit(["checkout", "--quiet", "--orphan", "elsewhere"])
        try await scenario.agentGit(["commit", "--quiet", "-m", "unrelated"])
        let off = await gitError { _ = try await exporter.diff() }
        #expect(off?.message.contains("no longer contains the base commit") == true)
    }
}
