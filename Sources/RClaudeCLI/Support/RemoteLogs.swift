import Foundation
import RClaudeCore
import RClaudeRemote

/// `rclaude logs` for a remote task: its events (or raw output) over REST, or live with --follow.
struct RemoteLogs {
    let service: RemoteTaskService
    let json: Bool
    let raw: Bool
    let follow: Bool

    func print(_ task: TaskRecord) async throws {
        let useRaw = raw || (task.options.interactive && !json)
        let toTerminal = StandardStreams.stdoutIsTerminal
        if useRaw {
            let chunks: AsyncStream<OutputChunk>
            if follow {
                chunks = service.output(task.id, from: 0)
            } else {
                chunks = AsyncStream { continuation in
                    let job = Task {
                        var offset: OutputOffset = 0
                        while true {
                            guard let part = try? await service.api.output(task.id, from: offset), !part.chunk.bytes.isEmpty else { break }
                            continuation.yield(part.chunk)
                            offset = part.chunk.endOffset
                            if offset >= part.end { break }
                        }
                        continuation.finish()
                    }
                    continuation.onTermination = { _ in job.cancel() }
                }
            }
            for await chunk in chunks {
                if toTerminal { StandardStreams.out(TextSanitizer.sanitize(bytes: chunk.bytes)) } else { StandardStreams.outBytes(chunk.bytes) }
            }
            return
        }
        var renderer = EventTextRenderer(
            color: toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil, width: TerminalWidth.current() ?? 120)
        let emit = { (event: AgentEvent) in
            if json { StandardStreams.out(JSONLines.encode(event) + "\n") } else { StandardStreams.out(renderer.render(event)) }
        }
        if follow {
            for await event in service.events(task.id, from: 0) { emit(event) }
        } else {
            let events = try await CLIError.wrapAsync { try await service.api.events(task.id, from: 0) }
            for event in events.events { emit(event) }
        }
    }
}
