import Foundation
import RClaudeCore
import RClaudeRemote
import RClaudeUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rclaude attach` for a remote interactive task: raw terminal, keys over the terminal
/// WebSocket, output (resumed after reconnects) through the passthrough filter.
struct RemoteAttach {
    let service: RemoteTaskService
    let id: TaskID
    let detachKey: DetachKey

    func run() async throws -> Int32 {
        let size = TerminalWidth.size() ?? TerminalSize(rows: 24, cols: 80)
        let session = try await CLIError.wrapAsync { try await service.openTerminal(id, size: size) }
        StandardStreams.err("attached to task \(id) on \(service.api.endpoint.providerName) — press \(detachKey.label) to detach\r\n")
        if await TerminalSessionLoop(session: session, detachKey: detachKey).run() == .detached {
            StandardStreams.err("\r\ndetached from task \(id); reattach with 'rclaude attach \(id)'\n")
            return 0
        }
        // The output ends a moment before the host records the exit: wait for the record.
        var final = try? await service.api.task(id)
        for _ in 0..<100 where final.map({ !$0.status.isTerminal }) ?? false {
            try? await Task.sleep(for: .milliseconds(50))
            final = try? await service.api.task(id)
        }
        let code = final?.exitCode ?? 1
        StandardStreams.err("\r\ntask \(id) exited with status \(code)\n")
        return code
    }
}
