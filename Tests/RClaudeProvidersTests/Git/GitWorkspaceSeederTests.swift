import Foundation
import RClaudeCore
import RClaudeProviders
import Testing

/// Seeding makes a workspace on `rclaude/<id>` at the base, from a bundle or a URL, and leaves
/// nothing behind when it fails.
@Suite struct GitWorkspaceSeederTests {
    /// A repository and its input bundle at HEAD.
    func bundled(_ fixture: GitFixture) async throws -> (repo: String, bundle: GitBundleFile) {
        let repo = try await fixture.makeRepository()
        let bundle = try await GitBundleMaker(git: fixture.runner).makeInputBundle(
            repository: repo, baseCommit: try await fixture.git(["rev-parse", "HEAD"], in: repo),
            to: fixture.path("input.bundle"))
        return (repo, bundle)
    }

    @Test func seedingChecksOutTheTaskBranchAtTheBaseWithAnIdentity() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, bundle) = try await bundled(fixture)
        let branch = GitWorkspaceSeeder.branch(for: try #require(TaskID("0a1b2c3d4e5f")))
        let workspace = fixture.path("sandbox/ws")

        let seeded = try await GitWorkspaceSeeder(git: fixture.runner).seed(
            from: bundle.path, base: bundle.commit, branch: branch, into: workspace)

        #expect(seeded == SeededWorkspace(path: workspace, branch: "rclaude/0a1b2c3d4e5f", baseCommit: bundle.commit))
        #expect(try await fixture.git(["symbolic-ref", "HEAD"], in: workspace) == "refs/heads/rclaude/0a1b2c3d4e5f")
        #expect(try await fixture.git(["rev-parse", "HEAD"], in: workspace) == bundle.commit)
        #expect(try await fixture.git(["rev-parse", "refs/rclaude/base"], in: workspace) == bundle.commit)
        #expect(try await fixture.git(["status", "--porcelain"], in: workspace) == "")
        #expect(try fixture.read("docs/notes.md", in: workspace) == "notes\n")
        let name = try await fixture.runner.run(["config", "--local", "user.name"], in: workspace)
        let email = try await fixture.runner.run(["config", "--local", "user.email"], in: workspace)
        #expect(name.output == "rclaude agent")
        #expect(email.output == "agent@rclaude.invalid")
        try fixture.write("agent\n", to: "agent.txt", in: workspace)
        _ = try await fixture.runner.run(["add", "-A"], in: workspace)
        let commit = try await fixture.runner.run(["commit", "--quiet", "-m", "agent work"], in: workspace)
        #expect(commit.succeeded, "the agent can commit without any configuration of its own: \(commit.stderr)")
    }

    @Test func anExistingIdentityIsKept() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, bundle) = try await bundled(fixture)
        let configured = GitRunner(
            executable: fixture.runner.executable,
            environment: fixture.runner.environment.merging(
                [
                    "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Sandbox Owner",
                    "GIT_CONFIG_KEY_1": "user.email", "GIT_CONFIG_VALUE_1": "owner@example.com",
                ]) { $1 })
        let workspace = fixture.path("ws")
        _ = try await GitWorkspaceSeeder(git: configured).seed(
            from: bundle.path, base: bundle.commit, branch: "rclaude/t2", into: workspace)
        let local = try await fixture.runner.run(["config", "--local", "--get", "user.name"], in: workspace)
        #expect(!local.succeeded, "no local identity is written when one is configured")
    }

    @Test func aBundleCutOffInTransitLeavesNothingBehind() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, bundle) = try await bundled(fixture)
        let data = try Data(contentsOf: URL(fileURLWithPath: bundle.path))
        let cut = fixture.path("cut.bundle")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let seeder = GitWorkspaceSeeder(git: fixture.runner)

        let fresh = fixture.path("fresh")
        let error = await gitError {
            _ = try await seeder.seed(from: cut, base: bundle.commit, branch: "rclaude/t3", into: fresh)
        }
        #expect(
            error?.message.contains(
                "the repository bundle '\(cut)' is incomplete (\(data.count / 2) bytes); retry the run") == true)
        #expect(!FileManager.default.fileExists(atPath: fresh), "a directory the seeder made is removed")

        let existing = fixture.path("existing")
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        _ = await gitError {
            _ = try await seeder.seed(from: cut, base: bundle.commit, branch: "rclaude/t3", into: existing)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: existing) == [],
            "an existing directory is emptied again")

        let header = fixture.path("header.bundle")
        try data.prefix(30).write(to: URL(fileURLWithPath: header))
        let headerError = await gitError {
            _ = try await seeder.seed(from: header, base: bundle.commit, branch: "rclaude/t3", into: fresh)
        }
        #expect(headerError?.message.contains("incomplete") == true)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test func aNonEmptyTargetIsRefusedAndKept() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, bundle) = try await bundled(fixture)
        let target = fixture.path("busy")
        try fixture.write("mine\n", to: "mine.txt", in: target)
        let error = await gitError {
            _ = try await GitWorkspaceSeeder(git: fixture.runner).seed(
                from: bundle.path, base: bundle.commit, branch: "rclaude/t4", into: target)
        }
        #expect(error?.code == .workspace)
        #expect(error?.message.contains("is not empty") == true)
        #expect(try fixture.read("mine.txt", in: target) == "mine\n")
    }

    @Test func aBadBranchNameIsRefused() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, bundle) = try await bundled(fixture)
        let error = await gitError {
            _ = try await GitWorkspaceSeeder(git: fixture.runner).seed(
                from: bundle.path, base: bundle.commit, branch: "bad..name", into: fixture.path("ws"))
        }
        #expect(error?.message.contains("not a valid branch name") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("ws")))
    }
}
