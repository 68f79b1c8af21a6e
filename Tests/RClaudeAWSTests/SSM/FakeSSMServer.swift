import Foundation
import Testing

/// `Fixtures/ssm/fake_ssm.py` on 127.0.0.1 with an OS-picked port, started by the test and
/// killed by its pid. `RCLAUDE_TEST_PYTHON` picks the interpreter (default `python3`).
final class FakeSSMServer: Sendable {
    static let python =
        ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    static let script = Fixtures.directory + "/ssm/fake_ssm.py"

    /// Whether python3 runs (checked once).
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import pty, ssl, socketserver"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    let port: Int
    let pid: Int32
    let token: String
    let statsPath: String
    private let outputPath: String
    private let process: Process

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// Starts the server and waits for its port.
    static func start(
        token: String = "TOKEN-\(UUID().uuidString)", mode: String = "", chunk: Int = 1024, rtoMilliseconds: Int = 300,
        tls: (cert: String, key: String)? = nil
    ) async throws -> FakeSSMServer {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rclaude-fake-ssm-\(UUID().uuidString)"
        ).path
        let outputPath = base + ".out"
        let statsPath = base + ".stats.json"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: outputPath) else {
            throw StartError(description: "cannot create \(outputPath)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [
            python, script, "--token", token, "--mode", mode, "--chunk", String(chunk), "--rto-ms",
            String(rtoMilliseconds),
            "--stats", statsPath,
        ]
        if let tls { arguments += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
        let deadline = Date().addingTimeInterval(15)
        while true {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first, let port = Int(line.trimmingCharacters(in: .whitespaces)) {
                return FakeSSMServer(
                    process: process, port: port, token: token, statsPath: statsPath, outputPath: outputPath)
            }
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                throw StartError(description: "fake_ssm.py did not start: \(text.suffix(1500))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private init(process: Process, port: Int, token: String, statsPath: String, outputPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.token = token
        self.statsPath = statsPath
        self.outputPath = outputPath
    }

    /// A data-channel URL on this server, with an opaque query as the service's carries.
    var url: String {
        "ws://127.0.0.1:\(port)/v1/data-channel/ecs-execute-command-0123?role=publish_subscribe&cell-number=AAAA%3D%3D"
    }

    /// The summary the server writes when a session ends (waits for it, up to 10 s).
    func stats(timeout: Duration = .seconds(30)) async -> [String: Any] {
        var result: [String: Any] = [:]
        _ = await eventually(timeout: timeout) {
            guard let data = FileManager.default.contents(atPath: self.statsPath),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return false }
            result = object
            return true
        }
        return result
    }

    /// The server's stdout/stderr (for failure messages).
    var log: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Kills the server by its pid and removes its files.
    func stop() {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: statsPath)
    }
}
