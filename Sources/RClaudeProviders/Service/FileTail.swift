import Foundation
import RClaudeCore
import RClaudeStore

/// Follows an append-only file written by another process (a task's `output.log` or
/// `events.jsonl`), polling for growth until the task has ended and the file is drained.
struct FileTail: Sendable {
    let path: String
    let isFinished: @Sendable () -> Bool
    var interval: Duration = .milliseconds(50)

    /// Chunks from `offset` on.
    func chunks(from offset: OutputOffset) -> AsyncStream<OutputChunk> {
        // A bounded buffer: when the reader is slow, the tail waits instead of reading ahead.
        AsyncStream(bufferingPolicy: .bufferingOldest(4)) { continuation in
            let task = Task {
                var position = offset
                while !Task.isCancelled {
                    let bytes = (try? FileOutputStorage.read(path: path, from: position, maxCount: 256 * 1024)) ?? []
                    if !bytes.isEmpty {
                        let chunk = OutputChunk(offset: position, bytes: bytes)
                        while case .dropped = continuation.yield(chunk), !Task.isCancelled {
                            try? await Task.sleep(for: .milliseconds(2))
                        }
                        position += OutputOffset(bytes.count)
                        continue
                    }
                    if isFinished() {
                        let tail = (try? FileOutputStorage.read(path: path, from: position, maxCount: 1)) ?? []
                        if tail.isEmpty { break }
                        continue
                    }
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
