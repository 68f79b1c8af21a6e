import Foundation
import RClaudeCore
import RClaudeRemote

/// Follows a remote task's events from `index` until it ends, printing them as a local run
/// does; Ctrl-C cancels the task on its host.
struct RemoteRun {
    let env: LiveEnvironment
    let service: RemoteTaskService
    let json: Bool

    func follow(_ id: TaskID, from index: Int) async throws -> TaskRecord {
        let printer = EventPrinter(json: json, color: StandardStreams.stdoutIsTerminal && env.environment["NO_COLOR"] == nil)
        if !json { StandardStreams.err("task \(id) on \(service.api.endpoint.providerName)\n") }
        let interrupt = InterruptWatcher {
            StandardStreams.err("\nrclaude: cancelling task \(id)…\n")
            Task { try? await service.cancel(id) }
        }
        defer { interrupt.stop() }
        let agent = try? await service.api.task(id).agent
        if agent == .shell && !json && index == 0 {
            // A shell's events are its output lines: follow the raw bytes instead (one stream
            // of large chunks, not one message per line), escaped on a terminal as `logs` does.
            let toTerminal = StandardStreams.stdoutIsTerminal
            for await chunk in service.output(id, from: 0) {
                if toTerminal { StandardStreams.out(TextSanitizer.sanitize(bytes: chunk.bytes)) } else { StandardStreams.outBytes(chunk.bytes) }
            }
        } else {
            for await event in service.events(id, from: index) { printer.print(event) }
        }
        let final = try await CLIError.wrapAsync { try await service.api.task(id) }
        if !json { printer.printSummary(final) }
        return final
    }
}
