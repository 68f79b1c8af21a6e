import Foundation
import RClaudeCore
import RClaudeProviders
import Testing

/// The whole trip: a user's repository, its input bundle, a seeded sandbox workspace, and an
/// agent that commits one change, leaves one modification uncommitted and creates untracked
/// files (one text, one binary, one ignored).
struct GitAgentScenario {
    let fixture: GitFixture
    let repo: String
    let base: String
    let workspace: String
    let branch = "rclaude/t42"

    /// Builds the scenario; `agentWorks` false stops after seeding.
    static func make(_ fixture: GitFixture, agentWorks: Bool = true) async throws -> GitAgentScenario {
        let repo = try await fixture.makeRepository()
        let snapshot = try await GitRepositoryInspector(git: fixture.runner).inspect(path: repo)
        let bundle = try await GitBundleMaker(git: fixture.runner).makeInputBundle(
            repository: repo, baseCommit: snapshot.baseCommit, to: fixture.path("input.bundle"))
        let workspace = fixture.path("sandbox/workspace")
        let scenario = GitAgentScenario(fixture: fixture, repo: repo, base: snapshot.baseCommit, workspace: workspace)
        _ = try await GitWorkspaceSeeder(git: fixture.runner).seed(
            from: bundle.path, base: bundle.commit, branch: scenario.branch, into: workspace)
        if agentWorks { try await scenario.agentWorks() }
        return scenario
    }

    /// What the agent does, with the workspace's own identity.
    func agentWorks() async throws {
        try fixture.write("alpha\nagent commit\n", to: "a.txt", in: workspace)
        try fixture.write("build/\n", to: ".gitignore", in: workspace)
        try await agentGit(["add", "a.txt", ".gitignore"])
        try await agentGit(["commit", "--quiet", "-m", "agent commit"])
        try fixture.write("bravo\nuncommitted\n", to: "b.txt", in: workspace)
        try fixture.write("untracked\n", to: "c.txt", in: workspace)
        try fixture.write(Data([0, 1, 2, 255, 0, 9]), to: "d.bin", in: workspace)
        try fixture.write("ignored\n", to: "build/out.o", in: workspace)
    }

    func agentGit(_ arguments: [String]) async throws {
        let result = try await fixture.runner.run(arguments, in: workspace)
        try #require(result.succeeded, "agent: git \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// The abbreviated blob id git prints in `index` lines for `file` in the workspace.
    func blob(_ file: String) async throws -> String {
        String(try await fixture.git(["hash-object", file], in: workspace).prefix(7))
    }

    /// The diff the agent's work must produce, byte for byte.
    func expectedDiff() async throws -> String {
        let a0 = String(try await fixture.git(["rev-parse", "\(base):a.txt"], in: workspace).prefix(7))
        let b0 = String(try await fixture.git(["rev-parse", "\(base):b.txt"], in: workspace).prefix(7))
        return """
            diff --git a/.gitignore b/.gitignore
            new file mode 100644
            index 0000000..\(try await blob(".gitignore"))
            --- /dev/null
            +++ b/.gitignore
            @@ -0,0 +1 @@
            +build/
            diff --git a/a.txt b/a.txt
            index \(a0)..\(try await blob("a.txt")) 100644
            --- a/a.txt
            +++ b/a.txt
            @@ -1 +1,2 @@
             alpha
            +agent commit
            diff --git a/b.txt b/b.txt
            index \(b0)..\(try await blob("b.txt")) 100644
            --- a/b.txt
            +++ b/b.txt
            @@ -1 +1,2 @@
             bravo
            +uncommitted
            diff --git a/c.txt b/c.txt
            new file mode 100644
            index 0000000..\(try await blob("c.txt"))
            --- /dev/null
            +++ b/c.txt
            @@ -0,0 +1 @@
            +untracked
            diff --git a/d.bin b/d.bin
            new file mode 100644
            index 0000000..\(try await blob("d.bin"))
            Binary files /dev/null and b/d.bin differ

            """
    }

    /// The workspace's state plus the list of files in its object store.
    func workspaceState() async throws -> (GitRepositoryState, [String], [String]) {
        let objects = fixture.allFiles(under: workspace + "/.git/objects").sorted()
        let files = fixture.allFiles(under: workspace).filter { !$0.contains("/.git/") }.sorted()
        return (try await fixture.state(of: workspace), objects, files)
    }
}
