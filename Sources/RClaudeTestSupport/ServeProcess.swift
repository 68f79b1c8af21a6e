import Foundation
import RClaudeCore
import RClaudeProviders
import Synchronization

/// A real `rclaude serve` on 127.0.0.1 (port 0 by default), started from the built binary with
/// its own data directory and token file, for tests that talk to it over the network.
public final class ServeProcess: Sendable {
    /// The server process.
    public let process: LocalProcess
    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:PORT` (or https).
    public let url: String
    /// The token.
    public let token: String
    /// The token file.
    public let tokenFile: String
    /// The server's data directory.
    public let dataDirectory: String
    private let log: Box<String>

    /// A value shared with the output reader.
    final class Box<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func withLock<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
    }

    /// Everything the server printed so far (stdout and stderr).
    public var output: String { log.withLock { $0 } }

    /// The error when the server does not come up.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong, with the server's output.
        public let description: String
    }

    /// Starts `rclaude serve` and waits until it listens.
    ///
    /// - Parameters:
    ///   - environment: the server's environment (RCLAUDE_HOME and HOME of a harness, API variables…).
    ///   - extraArguments: more `serve` flags (TLS…).
    public init(
        environment: [String: String], dataDirectory: String, tokenFile: String, listen: String = "127.0.0.1:0",
        extraArguments: [String] = [], timeout: Duration = .seconds(30)
    ) async throws {
        let process = try LocalProcessRunner().spawn(
            executable: Fixtures.rclaudeExecutable,
            arguments: ["serve", "--listen", listen, "--data", dataDirectory, "--token-file", tokenFile] + extraArguments,
            environment: environment, directory: nil, terminal: nil, mergeStderr: true)
        let log = Box("")
        let listening = Box<String?>(nil)
        let reader = Task {
            for await chunk in process.output {
                let text = String(decoding: chunk.bytes, as: UTF8.self)
                log.withLock { $0 += text }
                let all = log.withLock { $0 }
                if listening.withLock({ $0 }) == nil, let range = all.range(of: "listening on ") {
                    let rest = all[range.upperBound...]
                    if let end = rest.firstIndex(of: " ") { listening.withLock { $0 = String(rest[..<end]) } }
                }
            }
        }
        _ = reader
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var found: String?
        while found == nil {
            found = listening.withLock { $0 }
            if found != nil { break }
            if clock.now > deadline || !ProcessLiveness.isAlive(process.pid) {
                try? await Task.sleep(for: .milliseconds(100))
                process.signal(SIGKILL)
                throw StartError(description: "rclaude serve did not start: \(log.withLock { $0 })")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let url = found ?? ""
        self.process = process
        self.url = url
        self.port = Int(url.split(separator: ":").last ?? "") ?? 0
        self.tokenFile = tokenFile
        self.dataDirectory = dataDirectory
        self.token = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self.log = log
    }

    /// Stops the server with `signal` and waits for it to exit.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async -> ProcessExit {
        process.signal(signal)
        return await process.wait()
    }
}
