import Foundation
import RClaudeCore
import RClaudeE2B
import RClaudeHTTP
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `Fixtures/fake_e2b.py` running as a child process on 127.0.0.1 (a free port it picks and
/// prints). Each test starts its own and stops it by PID.
final class FakeE2BServer: Sendable {
    static let apiKey = "e2b_test_key"
    let port: Int
    let pid: Int32
    private let process: Process
    private let stdinPipe: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_e2b.py").path
        let python = ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--api-key", Self.apiKey, "--exit-on-stdin-eof"]
        let stdout = Pipe()
        let stdinPipe = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdinPipe
        try process.run()
        self.process = process
        self.stdinPipe = stdinPipe
        self.pid = process.processIdentifier
        let reader = stdout.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            let thread = Thread {
                var bytes: [UInt8] = []
                while !bytes.contains(0x0A) {
                    let data = reader.availableData
                    if data.isEmpty { break }
                    bytes += data
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
            thread.start()
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGTERM)
            throw CoreError(
                code: .unavailable, message: "fake_e2b.py did not print its port (got '\(line)'); is python3 installed?"
            )
        }
        self.port = port
    }

    /// Stops the server (it kills the processes of its sandboxes).
    func stop() {
        kill(pid, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        try? stdinPipe.fileHandleForWriting.close()
    }

    /// A control-plane client for this server, retrying quickly.
    func client(apiKey: String = FakeE2BServer.apiKey) -> E2BClient {
        E2BClient(
            baseURL: baseURL, apiKey: apiKey, transport: CurlHTTPTransport(connectTimeout: .seconds(5)),
            retry: E2BRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
    }

    /// A provider whose control plane and envd are this server.
    func provider(template: String = "base", timeout: Int = 300, apiKey: String = FakeE2BServer.apiKey) -> E2BProvider {
        E2BProvider(
            client: client(apiKey: apiKey),
            options: E2BProviderOptions(
                template: template, sandboxTimeout: timeout, apiURL: baseURL, envdURL: baseURL,
                startTimeout: .seconds(20)),
            streaming: CurlStreamingTransport(connectTimeout: .seconds(5), stallTimeout: .seconds(30)))
    }
}

/// Runs `body`, failing with a clear error instead of hanging when it takes longer than `seconds`.
func withDeadline<T: Sendable>(
    _ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let once = Once()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = Task {
            let result = await Result { try await body() }
            if once.claim() { continuation.resume(with: result) }
        }
        Task {
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            if once.claim() {
                work.cancel()
                continuation.resume(
                    throwing: CoreError(code: .unavailable, message: "timed out after \(seconds) s: \(what)"))
            }
        }
    }
}

/// True for the first caller only.
final class Once: Sendable {
    private let done = Mutex(false)
    func claim() -> Bool {
        done.withLock { done in
            defer { done = true }; return !done
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// A task record for tests.
func makeRecord(_ id: String = "0123456789ab", workspace: WorkspaceSpec = .managed) -> TaskRecord {
    guard let taskID = TaskID(id) else { preconditionFailure("'\(id)' is not a task id") }
    return TaskRecord(
        id: taskID,
        spec: TaskSpec(prompt: "test", agent: .shell, provider: "e2b", workspace: workspace),
        createdAt: Date())
}

/// Collects a process's output per stream until it ends.
func collect(_ output: AsyncStream<ProcessOutput>) async -> (stdout: String, stderr: String) {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    for await chunk in output {
        if chunk.stream == .stdout { stdout += chunk.bytes } else { stderr += chunk.bytes }
    }
    return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Accumulates a process's output as it arrives, so a test can wait for a piece of it.
final class OutputWatcher: Sendable {
    private let state = Mutex<(stdout: [UInt8], stderr: [UInt8], ended: Bool)>(([], [], false))

    init(_ output: AsyncStream<ProcessOutput>) {
        Task { [self] in
            for await chunk in output {
                state.withLock { state in
                    if chunk.stream == .stdout { state.stdout += chunk.bytes } else { state.stderr += chunk.bytes }
                }
            }
            state.withLock { $0.ended = true }
        }
    }

    var stdout: String { state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    var stderr: String { state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }
    var ended: Bool { state.withLock { $0.ended } }

    /// Waits until stdout satisfies `condition`.
    ///
    /// - Throws: when it does not within `seconds`.
    func waitFor(_ what: String, seconds: Double = 15, _ condition: (String) -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition(stdout) {
            if ContinuousClock.now > deadline || (ended && !condition(stdout)) {
                throw CoreError(
                    code: .unavailable,
                    message: "never saw \(what) in output: \(stdout.debugDescription) stderr: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
