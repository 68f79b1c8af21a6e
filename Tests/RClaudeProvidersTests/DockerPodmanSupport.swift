import Foundation
import RClaudeCore
import RClaudeProviders
import Synchronization
import Testing

/// Podman's Docker-compatible API for the integration tests, brought up by
/// `Fixtures/podman/setup.sh` (which installs podman, runc and busybox-static when missing,
/// writes its containers.conf, starts `podman system service` and imports a busybox image).
/// A service that already answers is reused and left running; one this run started is stopped
/// when the suite ends.
enum PodmanService {
    static let image = "localhost/rclaude-test-busybox:latest"
    static let stateDirectory = (ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        + "/rclaude-podman"
    static let setupScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/podman/setup.sh").path

    static let unavailableReason: Comment =
        "Podman's Docker-compatible API cannot run here; run Tests/RClaudeProvidersTests/Fixtures/podman/setup.sh to see why"

    private static let startedHere = Mutex(false)
    /// Set up once per test process.
    private static let setup = Task { await setUp() }

    /// The service's socket, or nil (with the reason on stderr) when podman cannot run here.
    static func socket() async -> String? { await setup.value }

    private static func setUp() async -> String? {
        let socket = stateDirectory + "/podman.sock"
        let alreadyUp = await run("/usr/bin/curl", ["-sf", "--max-time", "5", "--unix-socket", socket, "http://d/_ping"]).status == 0
        let result = await run("/bin/sh", [setupScript], environment: ["RCLAUDE_PODMAN_DIR": stateDirectory, "RCLAUDE_TEST_IMAGE": image])
        guard result.status == 0, let path = result.stdout.split(separator: "\n").last.map(String.init), !path.isEmpty else {
            let reason = "podman setup failed (status \(result.status)): \(result.stderr.suffix(600))"
            FileHandle.standardError.write(Data((reason + "\n").utf8))
            return nil
        }
        startedHere.withLock { $0 = !alreadyUp }
        return path
    }

    /// Stops the service if this test process started it.
    static func stopIfStartedHere() async {
        guard startedHere.withLock({ s in defer { s = false }; return s }) else { return }
        _ = await run("/bin/sh", [setupScript, "stop"], environment: ["RCLAUDE_PODMAN_DIR": stateDirectory])
    }

    /// Runs a tool to completion (through the project's own process runner, which waits on the
    /// child's pid directly).
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) async -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process: LocalProcess
        do {
            process = try LocalProcessRunner().spawn(
                executable: tool, arguments: arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, directory: nil, terminal: nil,
                standardInput: [])
        } catch {
            return (-1, "", "\(error)")
        }
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        for await chunk in process.output {
            if chunk.stream == .stdout { stdout += chunk.bytes } else { stderr += chunk.bytes }
        }
        let exit = await process.wait()
        return (exit.code, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// Stops the Podman service after the suite, if the suite's process started it.
struct PodmanServiceScope: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        do {
            try await function()
        } catch {
            await PodmanService.stopIfStartedHere()
            throw error
        }
        await PodmanService.stopIfStartedHere()
    }
}

extension Trait where Self == PodmanServiceScope {
    /// Stops a Podman service the suite started, when it ends.
    static var podmanService: PodmanServiceScope { PodmanServiceScope() }
}

/// Output gathered from a process while a test waits for text in it.
final class OutputCollector: Sendable {
    final class Buffers: Sendable {
        let state = Mutex<(stdout: [UInt8], stderr: [UInt8], ended: Bool)>(([], [], false))
    }
    private let buffers: Buffers
    private let task: Task<Void, Never>

    init(_ process: any SandboxProcess) {
        let buffers = Buffers()
        self.buffers = buffers
        let state = buffers
        task = Task {
            for await chunk in process.output {
                state.state.withLock { s in
                    if chunk.stream == .stdout { s.stdout += chunk.bytes } else { s.stderr += chunk.bytes }
                }
            }
            state.state.withLock { $0.ended = true }
        }
    }

    var stdout: String { String(decoding: buffers.state.withLock { $0.stdout }, as: UTF8.self) }
    var stderr: String { String(decoding: buffers.state.withLock { $0.stderr }, as: UTF8.self) }

    /// Waits until stdout contains `text` (or the time is up).
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(15)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if stdout.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return stdout.contains(text)
    }

    /// Waits for the output to end.
    func finish() async { await task.value }
}
