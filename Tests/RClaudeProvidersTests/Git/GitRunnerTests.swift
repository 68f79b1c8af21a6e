import Foundation
import RClaudeCore
import Testing

@testable import RClaudeProviders

/// `GitRunner` separates stdout from stderr, passes one-shot config through the environment and
/// explains a missing git.
@Suite struct GitRunnerTests {
    @Test func aMissingGitSaysHowToInstallIt() async {
        let error = await gitError { _ = try GitRunner(environment: ["PATH": "/nonexistent"]) }
        #expect(error?.code == .git)
        #expect(error?.message.contains("install git") == true)
    }

    @Test func aBadOverrideIsNamed() async {
        let error = await gitError { _ = try GitRunner(environment: ["RCLAUDE_GIT_BIN": "/nonexistent/git"]) }
        #expect(error?.message.contains("RCLAUDE_GIT_BIN") == true)
    }

    @Test func stdoutAndStderrAreSeparateAndFailureIsAResult() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let version = try await fixture.runner.run(["version"])
        #expect(version.succeeded)
        #expect(version.output.hasPrefix("git version"))
        #expect(version.stderr.isEmpty)
        let bad = try await fixture.runner.run(["no-such-command"], in: fixture.root.path)
        #expect(!bad.succeeded)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("not a git command"))
    }

    @Test func configTravelsInTheEnvironmentNotOnTheCommandLine() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let result = try await fixture.runner.run(
            ["config", "--get", "http.extraheader"], in: fixture.root.path,
            config: ["http.extraHeader": "Authorization: Basic c2VjcmV0"])
        #expect(result.output == "Authorization: Basic c2VjcmV0")
        let environment = fixture.runner.processEnvironment([:], config: ["a.b": "1", "c.d": "2"])
        #expect(environment["GIT_CONFIG_COUNT"] == "2")
        #expect(environment["GIT_CONFIG_KEY_1"] == "c.d")
        #expect(environment["GIT_TERMINAL_PROMPT"] == "0")
    }

    @Test func bigOutputStreamsToAFile() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repo = try await fixture.makeRepository()
        let file = fixture.path("log.txt")
        let result = try await fixture.runner.run(["log", "--format=%s"], in: repo, standardOutput: .file(file))
        #expect(result.succeeded)
        #expect(result.stdout.isEmpty)
        #expect(try fixture.read("log.txt", in: fixture.root.path) == "second\nfirst\n")
    }

    @Test func aMissingDirectoryIsAClearError() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let error = await gitError { _ = try await fixture.runner.run(["status"], in: fixture.path("missing")) }
        #expect(error?.message.contains("does not exist") == true)
    }
}
