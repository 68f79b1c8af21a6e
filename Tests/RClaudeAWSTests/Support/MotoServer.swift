import Foundation
import RClaudeCore
import RClaudeHTTP
import Testing

/// moto's AWS mock server (`python3 -m moto.server`) on 127.0.0.1 with a port the OS picks,
/// started by the test process and killed by its pid.
///
/// CI installs it with `pip install "moto[server]==5.2.1"`; `RCLAUDE_TEST_PYTHON` picks the
/// interpreter (default `python3`).
final class MotoServer: Sendable {
    /// The interpreter that runs moto.
    static let python =
        ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"

    /// Why the moto tests are skipped when moto is missing.
    static let missingReason: Comment =
        "moto's server is not installed for python3 (or python3 is missing): pip install \"moto[server]==5.2.1\""

    /// Whether python can import moto's server (checked once per test process).
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import moto, moto.server, flask, werkzeug"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The server's port.
    let port: Int
    /// The server's pid.
    let pid: Int32
    /// Its combined output.
    let logPath: String
    private let process: Process

    /// The endpoint URL.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts moto and waits until `/moto-api/` answers.
    ///
    /// - Throws: when it does not report its port or answer within 60 s (the log tail is included).
    static func start() async throws -> MotoServer {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rclaude-moto-\(UUID().uuidString).log"
        ).path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw StartError(description: "cannot create \(logPath)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while port == nil {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "Running on http://127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            if port == nil {
                guard process.isRunning, Date() < deadline else {
                    Self.kill(process)
                    throw StartError(description: "moto did not start: \(text.suffix(1500))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let server = MotoServer(process: process, port: port ?? 0, logPath: logPath)
        let transport = CurlHTTPTransport()
        while true {
            if let response = try? await transport.send(
                HTTPRequestSpec(method: "GET", url: server.endpoint + "/moto-api/", timeout: .seconds(5))),
                response.status == 200
            {
                return server
            }
            guard Date() < deadline else {
                server.stop()
                throw StartError(description: "moto on port \(server.port) never answered /moto-api/")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.logPath = logPath
    }

    /// Kills the server by its pid and removes its log.
    func stop() {
        Self.kill(process)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private static func kill(_ process: Process) {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    // MARK: - Admin API

    /// POSTs to moto's admin API.
    func admin(_ path: String, body: String, contentType: String) async throws {
        let response = try await CurlHTTPTransport().send(
            HTTPRequestSpec(
                method: "POST", url: endpoint + path, headers: [(name: "Content-Type", value: contentType)],
                body: Array(body.utf8)))
        guard (200..<300).contains(response.status) else {
            throw StartError(
                description:
                    "moto \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
    }
}
