import Foundation
import RClaudeCore

/// What a command run to completion in a container printed, and how it ended.
public struct DockerExecResult: Sendable, Equatable {
    /// The exit code.
    public var exitCode: Int32
    /// Standard output.
    public var stdout: [UInt8]
    /// Standard error.
    public var stderr: [UInt8]

    /// Standard output as text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

extension DockerEngineClient {
    /// Starts exec `execID` and hijacks its connection, off the cooperative pool.
    public func attach(exec execID: String, tty: Bool) async throws -> DockerExecConnection {
        let endpoint = self.endpoint
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try DockerExecConnection.start(execID: execID, tty: tty, endpoint: endpoint) })
            }
        }
    }

    /// Runs `command` in `container` to completion (no TTY, no stdin): small housekeeping
    /// commands such as signalling a process.
    ///
    /// - Returns: its exit code and output.
    public func execute(_ command: [String], in container: String, workingDirectory: String? = nil) async throws
        -> DockerExecResult
    {
        let execID = try await createExec(
            in: container, DockerExecSpec(command: command, workingDirectory: workingDirectory, tty: false, attachStdin: false))
        let connection = try await attach(exec: execID, tty: false)
        let chunks: [DockerStreamChunk] = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        defer { connection.close() }
                        var demuxer = DockerStreamDemuxer()
                        var chunks = try demuxer.feed(connection.initialBytes)
                        while let bytes = connection.read() { chunks += try demuxer.feed(bytes) }
                        try demuxer.finish()
                        return chunks
                    })
            }
        }
        let exitCode = try await waitForExit(execID)
        return DockerExecResult(
            exitCode: exitCode, stdout: chunks.filter { $0.stream == .stdout }.flatMap(\.bytes),
            stderr: chunks.filter { $0.stream != .stdout }.flatMap(\.bytes))
    }

    /// The exit code of an exec whose stream has ended. The daemon may report it running for a
    /// moment after the stream closed, so this polls briefly.
    public func waitForExit(_ execID: String, attempts: Int = 100) async throws -> Int32 {
        for _ in 0..<max(1, attempts) {
            let state = try await inspectExec(execID)
            if !state.running, let code = state.exitCode { return code }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CoreError(
            code: .unavailable,
            message: "exec \(execID) still runs after its output ended; the Docker daemon did not report its exit code")
    }
}
