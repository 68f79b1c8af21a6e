import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeStore
import RClaudeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two hosts in network namespaces joined by a veth pair: the server in one, the CLI client in
/// the other. The link is cut in the middle of a stream and restored; the client's copy of the
/// output must be byte-identical to the server's.
@Suite(.serialized) struct NetworkNamespaceTests {
    /// Runs `ip ARGS`, throwing with its stderr on failure.
    static func ip(_ arguments: [String]) throws {
        let result = try CommandRunner.run("/usr/sbin/ip", arguments, environment: ProcessInfo.processInfo.environment, stdin: nil, timeout: 20)
        guard result.status == 0 else { throw CommandFailure(description: "ip \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    struct CommandFailure: Error, CustomStringConvertible { let description: String }

    static var namespacesWork: Bool {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return false }
        let name = "rcprobe\(getpid())"
        defer { try? ip(["netns", "del", name]) }
        return (try? ip(["netns", "add", name])) != nil
    }

    @Test(.enabled(if: namespacesWork, "needs root and iproute2 (ip netns)"))
    func aStreamAcrossACutAndRestoredLinkArrivesByteIdentical() async throws {
        let suffix = String(getpid() % 10000)
        let serverNS = "rcsrv\(suffix)"
        let clientNS = "rccli\(suffix)"
        let subnet = "10.\(77 + Int(getpid() % 50)).\(Int(getpid() / 50 % 200)).0"
        let prefix = subnet.split(separator: ".").prefix(3).joined(separator: ".")
        let serverAddress = prefix + ".2"
        defer {
            try? Self.ip(["netns", "del", serverNS])
            try? Self.ip(["netns", "del", clientNS])
        }
        try Self.ip(["netns", "add", serverNS])
        try Self.ip(["netns", "add", clientNS])
        try Self.ip(["link", "add", "rcv\(suffix)a", "netns", clientNS, "type", "veth", "peer", "name", "rcv\(suffix)b", "netns", serverNS])
        try Self.ip(["-n", clientNS, "addr", "add", prefix + ".1/24", "dev", "rcv\(suffix)a"])
        try Self.ip(["-n", serverNS, "addr", "add", serverAddress + "/24", "dev", "rcv\(suffix)b"])
        for ns in [clientNS, serverNS] { try Self.ip(["-n", ns, "link", "set", "lo", "up"]) }
        try Self.ip(["-n", clientNS, "link", "set", "rcv\(suffix)a", "up"])
        try Self.ip(["-n", serverNS, "link", "set", "rcv\(suffix)b", "up"])

        let client = try RClaudeHarness()
        defer { client.remove() }
        let serverData = client.root.appending("server-data")
        let tokenFile = client.root.appending("token")
        var serverEnvironment = client.environment
        serverEnvironment["HOME"] = client.root.path
        let server = try LocalProcessRunner().spawn(
            executable: "/usr/sbin/ip",
            arguments: [
                "netns", "exec", serverNS, Fixtures.rclaudeExecutable, "serve", "--listen", serverAddress + ":7070", "--data", serverData,
                "--token-file", tokenFile,
            ], environment: serverEnvironment, directory: nil, terminal: nil, mergeStderr: true)
        defer {
            server.signal(SIGTERM)
        }
        let inClient = { (arguments: [String], timeout: TimeInterval) throws -> CommandResult in
            try CommandRunner.run(
                "/usr/sbin/ip", ["netns", "exec", clientNS, Fixtures.rclaudeExecutable] + arguments, environment: client.environment,
                stdin: nil, timeout: timeout)
        }
        var added: CommandResult?
        for _ in 0..<100 {
            if FileManager.default.fileExists(atPath: tokenFile) {
                added = try inClient(["remote", "add", "far", "http://\(serverAddress):7070", "--token-file", tokenFile], 20)
                if added?.status == 0 { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(added?.status == 0, "remote add across namespaces: \(added?.stderr ?? "server never made its token")")

        let start = try inClient(
            [
                "run", "--provider", "remote:far", "--agent", "shell", "--detach",
                "for i in $(seq 1 40); do head -c 30000 /dev/urandom | od -An -tx1 | head -c 40000; sleep 0.1; done",
            ], 30)
        #expect(start.status == 0, "stderr: \(start.stderr)")
        let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(TaskID(id) != nil)

        // Follow the raw output from the client host while the link goes down and comes back.
        let follower = try LocalProcessRunner().spawn(
            executable: "/usr/sbin/ip", arguments: ["netns", "exec", clientNS, Fixtures.rclaudeExecutable, "logs", "--follow", "--raw", id],
            environment: client.environment, directory: nil, terminal: nil, mergeStderr: false)
        let collected = Task {
            var bytes: [UInt8] = []
            for await chunk in follower.output where chunk.stream == .stdout { bytes += chunk.bytes }
            return bytes
        }
        try await Task.sleep(for: .milliseconds(800))
        try Self.ip(["-n", clientNS, "link", "set", "rcv\(suffix)a", "down"])
        try await Task.sleep(for: .seconds(2))
        try Self.ip(["-n", clientNS, "link", "set", "rcv\(suffix)a", "up"])
        let exit = await follower.wait()
        let received = await collected.value
        #expect(exit.code == 0)

        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": serverData])
        let stored = try PosixFile.read(paths.outputFile(id))
        #expect(stored.count > 1_000_000)
        #expect(received.count == stored.count)
        #expect(SHA256Digest.hex(received) == SHA256Digest.hex(stored))
    }
}
