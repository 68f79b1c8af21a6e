import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// Runs `sh -c COMMAND` in a directory with a timeout, keeping at most `maxOutput` bytes of
/// each stream.
struct CommandExecutor {
    let environment: [String: String]
    let maxOutput: Int

    func run(_ command: String, in directory: String, timeout: Duration) async throws -> ExecuteResponse {
        let process = try LocalProcessRunner().spawn(
            executable: "/bin/sh", arguments: ["-c", command], environment: environment, directory: directory,
            terminal: nil, mergeStderr: false)
        let timer = Task {
            try await Task.sleep(for: timeout)
            process.signal(SIGKILL)
        }
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var truncated = false
        for await chunk in process.output {
            switch chunk.stream {
            case .stdout: append(chunk.bytes, to: &stdout, truncated: &truncated)
            case .stderr: append(chunk.bytes, to: &stderr, truncated: &truncated)
            }
        }
        let exit = await process.wait()
        timer.cancel()
        let timedOut = (try? await timer.value) != nil  // the timer finished its sleep: it killed the command
        return ExecuteResponse(
            exitCode: exit.code, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            timedOut: timedOut, truncated: truncated)
    }

    private func append(_ bytes: [UInt8], to buffer: inout [UInt8], truncated: inout Bool) {
        let room = maxOutput - buffer.count
        if bytes.count > room { truncated = true }
        if room > 0 { buffer += bytes.prefix(room) }
    }
}
