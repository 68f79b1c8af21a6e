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
        // Output pump: from the requested offset until the log finishes. A client that has
        // caught up is served live, on the appending thread; one that falls behind reads on
        // from the log.
        let pump = Task.detached {
            var position = start
            reading: while !Task.isCancelled {
                if let outcome = await LiveAttachClient(socket: client).run(log, from: position) {
                    switch outcome {
                    case .fellBehind(let offset, let unsent):
                        if !AttachFrame.writeRaw(unsent, to: client) { return }
                        position = offset
                        continue reading
                    case .finished: break reading
                    case .gone: return
                    }
                }
                guard let event = await log.read(from: position, maxCount: 256 << 10) else { break }
                switch event {
                case .data(let chunk):
                    if !AttachFrame.write(AttachFrame.output, chunk.bytes, to: client) { return }
                    position = chunk.endOffset
                case .truncated(let resumeAt):
                    position = resumeAt
                }
            }
            let code = server.recordedExitCode ?? -1
            let bytes = withUnsafeBytes(of: code.bigEndian) { Array($0) }
            AttachFrame.write(AttachFrame.exit, bytes, to: client)
            shutdown(client, Int32(SHUT_WR))
        }
        // Keys and resizes: one read takes in whatever the client sent.
        var reader = AttachFrameReader(descriptor: client, capacity: 64 << 10)
        while let frames = reader.nextBatch() {
            for frame in frames {
                let payload = frame.payload
                switch frame.type {
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
