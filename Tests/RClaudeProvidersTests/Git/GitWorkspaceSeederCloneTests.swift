import Foundation
import RClaudeCore
import Testing

@testable import RClaudeProviders

#if canImport(Glibc)
    import Glibc
#endif

/// Cloning a URL inside the sandbox uses the token for that clone only.
@Suite struct GitWorkspaceSeederCloneTests {
    static let token = "ghp_rclaudeTestToken0123456789SECRET"
    static let credential = GitCredential.token(token)

    /// A bare copy of a fresh repository under `served/`, as a server would hold it.
    func bareRepository(_ fixture: GitFixture) async throws -> (bare: String, head: String, first: String) {
        let repo = try await fixture.makeRepository()
        try await fixture.git(["branch", "feature", "HEAD~1"], in: repo)
        let bare = fixture.path("served/project.git")
        try await fixture.git(["clone", "--quiet", "--bare", repo, bare], in: fixture.root.path)
        return (
            bare, try await fixture.git(["rev-parse", "HEAD"], in: repo),
            try await fixture.git(["rev-parse", "HEAD~1"], in: repo)
        )
    }

    /// Checks the clone at `workspace` holds no trace of the token.
    func expectNoToken(in workspace: String, url: String, fixture: GitFixture) async throws {
        #expect(fixture.files(under: workspace, containing: Self.token) == [])
        let encoded = Data("x-access-token:\(Self.token)".utf8).base64EncodedString()
        #expect(fixture.files(under: workspace, containing: encoded) == [])
        #expect(
            fixture.files(under: fixture.root.path, containing: Self.token) == [], "not in any temporary file either")
        #expect(try await fixture.git(["remote", "get-url", "origin"], in: workspace) == url)
        let config = try await fixture.git(["config", "--list", "--local"], in: workspace)
        #expect(!config.lowercased().contains("extraheader"))
    }

    @Test func aFileURLClonesAtTheBaseAndKeepsNoToken() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (bare, head, first) = try await bareRepository(fixture)
        let url = "file://\(bare)"
        let seeder = GitWorkspaceSeeder(git: fixture.runner)

        let main = try await seeder.clone(
            url: url, base: "HEAD", branch: "rclaude/c1", into: fixture.path("ws1"), credential: Self.credential)
        #expect(main.baseCommit == head)
        #expect(try await fixture.git(["symbolic-ref", "HEAD"], in: main.path) == "refs/heads/rclaude/c1")
        #expect(try await fixture.git(["status", "--porcelain"], in: main.path) == "")
        try await expectNoToken(in: main.path, url: url, fixture: fixture)

        let feature = try await seeder.clone(
            url: url, base: "feature", branch: "rclaude/c2", into: fixture.path("ws2"), credential: Self.credential)
        #expect(feature.baseCommit == first)
        #expect(!FileManager.default.fileExists(atPath: feature.path + "/docs/notes.md"))

        let bySha = try await seeder.clone(
            url: url, base: String(first.prefix(10)), branch: "rclaude/c3", into: fixture.path("ws3"))
        #expect(bySha.baseCommit == first)
    }

    @Test func aBadRefOrUnreachableURLIsAClearErrorAndLeavesNothing() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (bare, _, _) = try await bareRepository(fixture)
        let seeder = GitWorkspaceSeeder(git: fixture.runner)
        let target = fixture.path("ws")

        let badRef = await gitError {
            _ = try await seeder.clone(
                url: "file://\(bare)", base: "no-such-branch", branch: "rclaude/c4", into: target,
                credential: Self.credential)
        }
        #expect(badRef?.message.contains("the ref 'no-such-branch' does not exist") == true)
        #expect(badRef?.message.contains("git ls-remote") == true)
        #expect(!FileManager.default.fileExists(atPath: target))

        let unreachable = await gitError {
            _ = try await seeder.clone(
                url: "file://\(fixture.path("nowhere.git"))", branch: "rclaude/c5", into: target,
                credential: Self.credential)
        }
        #expect(unreachable?.message.contains("cannot clone") == true)
        #expect(unreachable?.message.contains(Self.token) == false)
        #expect(!FileManager.default.fileExists(atPath: target))

        let withPassword = await gitError {
            _ = try await seeder.clone(
                url: "https://user:\(Self.token)@example.invalid/x.git", branch: "rclaude/c6", into: target)
        }
        #expect(withPassword?.message.contains("pass it as the credential") == true)
    }

    @Test(
        .enabled(
            if: GitDaemon.isInstalled,
            "git-daemon is not installed (apt-get install git-daemon-run or git-core's git-daemon)"))
    func aGitDaemonURLClonesAndKeepsNoToken() async throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (_, head, _) = try await bareRepository(fixture)
        let daemon = try await GitDaemon.start(basePath: fixture.path("served"), runner: fixture.runner)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/project.git"

        let seeded = try await GitWorkspaceSeeder(git: fixture.runner).clone(
            url: url, branch: "rclaude/d1", into: fixture.path("ws"), credential: Self.credential)

        #expect(seeded.baseCommit == head)
        try await expectNoToken(in: seeded.path, url: url, fixture: fixture)
    }

    @Test func theCredentialIsABasicHeaderScopedToTheOrigin() {
        let credential = GitCredential.token("s3cr3t")
        #expect(
            credential.configuration(for: "https://git.example.com:8443/team/repo.git")
                == [
                    "http.https://git.example.com:8443/.extraHeader":
                        "Authorization: Basic eC1hY2Nlc3MtdG9rZW46czNjcjN0"
                ])
        #expect(!credential.description.contains("s3cr3t"))
        #expect(credential.redact("header eC1hY2Nlc3MtdG9rZW46czNjcjN0 and s3cr3t") == "header <hidden> and <hidden>")
    }
}

/// A `git daemon` serving a directory on a free loopback port, for the tests' lifetime.
struct GitDaemon {
    let process: LocalProcess
    let port: Int

    static var isInstalled: Bool {
        guard let git = try? GitRunner(environment: ProcessInfo.processInfo.environment) else { return false }
        let candidates = [
            "/usr/lib/git-core", "/usr/libexec/git-core", "/usr/local/libexec/git-core",
            "/opt/homebrew/libexec/git-core",
            ((git.executable as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
                + "/libexec/git-core",
        ]
        return candidates.contains { FileManager.default.isExecutableFile(atPath: $0 + "/git-daemon") }
    }

    static func start(basePath: String, runner: GitRunner) async throws -> GitDaemon {
        let port = try freePort()
        let process = try LocalProcessRunner().spawn(
            executable: runner.executable,
            arguments: [
                "daemon", "--export-all", "--base-path=\(basePath)", "--listen=127.0.0.1", "--port=\(port)",
                "--reuseaddr", "--informative-errors",
            ],
            environment: runner.environment, directory: basePath, terminal: nil, mergeStderr: true)
        let daemon = GitDaemon(process: process, port: port)
        for _ in 0..<100 {
            let probe = try await runner.run(["ls-remote", "git://127.0.0.1:\(port)/project.git"], in: basePath)
            if probe.succeeded { return daemon }
            try await Task.sleep(for: .milliseconds(100))
        }
        daemon.stop()
        throw ProviderError(code: .git, message: "git daemon did not start on port \(port)")
    }

    func stop() {
        process.signal(SIGTERM)
    }

    /// A loopback TCP port nobody listens on (bound, read, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProviderError(code: .git, message: "cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw ProviderError(code: .git, message: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
