import Foundation
import RClaudeCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves an interactive task's PTY to `rclaude attach` clients over a Unix socket: each client
/// says from which output offset to replay, then receives output live and sends keys and resizes.
public final class AttachServer: Sendable {
    private let listener: Int32
    private let path: String
    private let log: OutputLog
    private let terminal: any InteractiveTerminal
    private let exitCode = Mutex<Int32?>(nil)
    private let clients = Mutex<[Int32]>([])

    /// Starts listening at `path`.
    public init(path: String, log: OutputLog, terminal: any InteractiveTerminal) throws {
        self.path = path
        self.log = log
        self.terminal = terminal
        self.listener = try UnixSocket.listen(path: path)
        let server = self
        Thread.detachNewThread { server.acceptLoop() }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            clients.withLock { $0.append(client) }
            let server = self
            Thread.detachNewThread { server.serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        guard let (type, payload) = AttachFrame.read(from: client), type == AttachFrame.hello, payload.count == 8 else {
            close(client)
            return
        }
        let start = payload.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let log = self.log
        let server = self
        // Output pump: from the requested offset, live, until the log finishes.
        let pump = Task.detached {
            for await event in log.subscribe(from: start) {
                switch event {
                case .data(let chunk):
                    if !AttachFrame.write(AttachFrame.output, chunk.bytes, to: client) { return }
                case .truncated:
                    continue
                }
            }
            let code = server.recordedExitCode ?? -1
            let bytes = withUnsafeBytes(of: code.bigEndian) { Array($0) }
            AttachFrame.write(AttachFrame.exit, bytes, to: client)
            shutdown(client, Int32(SHUT_WR))
        }
        while let (type, payload) = AttachFrame.read(from: client) {
            switch type {
            case AttachFrame.input:
                terminal.write(payload)
            case AttachFrame.resize where payload.count == 4:
                let rows = Int(payload[0]) << 8 | Int(payload[1])
                let cols = Int(payload[2]) << 8 | Int(payload[3])
                if rows > 0 && cols > 0 { terminal.resize(TerminalSize(rows: rows, cols: cols)) }
            default:
                break
            }
        }
        pump.cancel()
        clients.withLock { $0.removeAll { $0 == client } }
        close(client)
    }

    private var recordedExitCode: Int32? { exitCode.withLock { $0 } }

    /// Records the agent's exit code (sent to clients when the output ends) and stops listening.
    public func finish(exitCode code: Int32) {
        exitCode.withLock { $0 = code }
        unlink(path)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
