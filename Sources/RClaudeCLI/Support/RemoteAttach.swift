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
        let rawMode = RawTerminalMode()
        defer { rawMode.restore() }
        let winch = InterruptWatcher(signals: [SIGWINCH]) {
            if let size = TerminalWidth.size() { Task { await session.resize(size) } }
        }
        defer { winch.stop() }
        let detached = Mutex(false)
        let key = detachKey.byte
        let (keys, keyContinuation) = AsyncStream.makeStream(of: [UInt8].self)
        let input = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let chunk = Array(buffer[0..<n])
                if let at = chunk.firstIndex(of: key) {
                    if at > 0 { keyContinuation.yield(Array(chunk[0..<at])) }
                    detached.withLock { $0 = true }
                    break
                }
                keyContinuation.yield(chunk)
            }
            keyContinuation.finish()
        }
        input.start()
        let sender = Task {
            for await chunk in keys { await session.send(chunk) }
            if detached.withLock({ $0 }) { await session.close() }
        }
        var filter = PassthroughFilter()
        for await bytes in session.output { StandardStreams.outBytes(filter.filter(bytes)) }
        sender.cancel()
        rawMode.restore()
        if detached.withLock({ $0 }) {
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
