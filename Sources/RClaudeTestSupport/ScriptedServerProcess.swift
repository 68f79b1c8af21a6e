import Foundation

/// A scripted API server (a Python script in a fixture folder) started on 127.0.0.1 with an
/// ephemeral port, which it reports as `PORT <n>` on its first stdout line. Shared by the
/// scripted Messages API and the scripted Responses API.
public final class ScriptedServerProcess: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// The request log (one JSON object per request).
    public let logPath: String
    private let process: Process

    /// The server failed to start.
    public struct StartError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Starts `directory/server.py` with a scenario (a file name in `directory`, or a path).
    ///
    /// - Throws: when Python or the server cannot start, or it does not report its port in 15 s.
    public init(directory: String, scenario: String, logPath: String, name: String) throws {
        let python = ProcessInfo.processInfo.environment["RCLAUDE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let scenarioPath = scenario.hasPrefix("/") ? scenario : "\(directory)/\(scenario)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "\(directory)/server.py", "--scenario", scenarioPath, "--log", logPath]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        self.logPath = logPath
        let handle = out.fileHandleForReading
        var line = Data()
        let deadline = Date().addingTimeInterval(15)
        while !line.contains(0x0A) && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).prefix { $0.isNumber }) else {
            process.terminate()
            throw StartError(message: "the \(name) server did not start (got '\(text)')")
        }
        self.port = port
    }

    /// The logged requests, decoded.
    public func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Stops the server. SIGKILL: the log is flushed per request, and a SIGTERM could sit in a
    /// signal mask the server inherited from the test runner.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
