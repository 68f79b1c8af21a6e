import Foundation
import RClaudeCore
import RClaudeTestSupport
import Testing

/// `rclaude ecs-exec` with the real binary: ExecuteCommand from a stand-in endpoint, then the
/// data channel to the protocol-following SSM server running a real shell.
@Suite(.serialized, .enabled(if: FakeSSMServer.isAvailable, "python3 is not available"))
struct ECSExecCommandLineTests {
    @Test func aShellInTheTaskRunsCommandsAndExits() async throws {
        let ssm = try await FakeSSMServer.start()
        defer { ssm.stop() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ssm/fake_ecs_exec.py").path
        let ecs = Process()
        ecs.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ecs.arguments = [ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"] ?? "python3", script, ssm.url, ssm.token]
        let out = Pipe()
        let keepAlive = Pipe()
        ecs.standardOutput = out
        ecs.standardInput = keepAlive
        try ecs.run()
        defer {
            try? keepAlive.fileHandleForWriting.close()
            ecs.terminate()
            ecs.waitUntilExit()
        }
        let portLine = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)), "fake ECS printed \(portLine)")

        let h = try RClaudeHarness(environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_PROFILE": ""])
        defer { h.remove() }
        try FileManager.default.createDirectory(atPath: h.home, withIntermediateDirectories: true)
        try """
            {"providers": {"ecs": {"region": "us-east-1", "cluster": "dev", "taskDefinition": "rclaude",
              "launchType": "EC2", "endpoint": "http://127.0.0.1:\(port)"}}}
            """.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
        let run = try await h.runDetached(
            ["ecs-exec", "arn:aws:ecs:us-east-1:123456789012:task/dev/abc"], stdin: Data("echo hi-$((6*7))\rexit\r".utf8),
            timeout: 90)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("connected to arn:aws:ecs:us-east-1:123456789012:task/dev/abc through ECS Exec"))
        #expect(run.stdout.contains("hi-42"), "stdout: \(run.stdout)")
        #expect(run.stderr.contains("the ECS Exec session ended"))
    }
}
