import ArgumentParser
import CRClaudeSystem
import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rclaude attach ID`: connect this terminal to an interactive task.
struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach this terminal to an interactive task (detach with Ctrl-\\ or $RCLAUDE_DETACH_KEY).")

    @Argument(help: "The task id or a unique prefix.") var id: String

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        let record = located.record
        guard record.options.interactive else {
            throw ValidationError("task \(record.id) is headless; follow its output with 'rclaude logs --follow \(record.id)'")
        }
        guard record.status.isActive else {
            throw ValidationError("task \(record.id) has ended (\(record.status.rawValue)); see its output with 'rclaude logs \(record.id)'")
        }
        let detachKey = DetachKey.fromEnvironment(env.environment)
        if case .remote(_, let service) = located {
            throw ExitCode(try await RemoteAttach(service: service, id: record.id, detachKey: detachKey).run())
        }
        let code = try await AttachSession(env: env, id: record.id, detachKey: detachKey).run()
        throw ExitCode(code)
    }
}

/// The client side of an attach: raw terminal, keys to the task, output to the screen.
struct AttachSession {
    let env: LiveEnvironment
    let id: TaskID
    let detachKey: DetachKey

    /// Runs until the task exits (its exit code) or the user detaches (0).
    func run() async throws -> Int32 {
        let path = env.paths.socketFile(id.rawValue)
        var fd: Int32 = -1
        let deadline = Date().addingTimeInterval(10)
        while fd < 0 {
            if let connected = try? UnixSocket.connect(path: path) {
                fd = connected
            } else {
                if let record = try? env.cache.load(id), record.status.isTerminal {
                    throw ValidationError("task \(id) ended (\(record.status.rawValue)\(record.reason.map { ": \($0)" } ?? "")) before it could be attached")
                }
                if Date() > deadline {
                    throw ValidationError("task \(id) is not accepting attach connections; is its supervisor running? see \(env.paths.taskDirectory(id.rawValue))/supervisor.log")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let socket = fd
        defer { close(socket) }
        AttachFrame.write(AttachFrame.hello, [UInt8](repeating: 0, count: 8), to: socket)
        StandardStreams.err("attached to task \(id) — press \(detachKey.label) to detach\r\n")
        let rawMode = RawTerminalMode()
        defer { rawMode.restore() }
        sendSize(socket)
        let winch = InterruptWatcher(signals: [SIGWINCH]) { sendSize(socket) }
        defer { winch.stop() }

        let detached = Mutex(false)
        let key = detachKey.byte
        let input = Thread {
            let detachPressed = KeyboardForwarder.forward(detachKey: key) { AttachFrame.write(AttachFrame.input, $0, to: socket) }
            if detachPressed {
                detached.withLock { $0 = true }
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        input.start()

        var filter = PassthroughFilter()
        var exitCode: Int32 = 0
        var sawExit = false
        var reader = AttachFrameReader(descriptor: socket)
        reading: while let frames = reader.nextBatch() {
            for frame in frames {
                if frame.type == AttachFrame.output {
                    StandardStreams.outBytes(filter.filter(frame.payload))
                } else if frame.type == AttachFrame.exit, frame.payload.count == 4 {
                    exitCode = frame.payload.reduce(Int32(0)) { $0 << 8 | Int32($1) }
                    sawExit = true
                    break reading
                }
            }
        }
        rawMode.restore()
        if detached.withLock({ $0 }) {
            StandardStreams.err("\r\ndetached from task \(id); reattach with 'rclaude attach \(id)'\n")
            return 0
        }
        StandardStreams.err("\r\ntask \(id) exited\(sawExit ? " with status \(exitCode)" : "")\n")
        return sawExit ? exitCode : 1
    }

    private func sendSize(_ socket: Int32) {
        guard let size = TerminalWidth.size() else { return }
        let payload = [UInt8(size.rows >> 8), UInt8(size.rows & 0xFF), UInt8(size.cols >> 8), UInt8(size.cols & 0xFF)]
        AttachFrame.write(AttachFrame.resize, payload, to: socket)
    }
}

/// Puts stdin in raw mode while it is a terminal, and restores it exactly once.
final class RawTerminalMode: @unchecked Sendable {
    private var saved: [UInt8]
    private var active = false
    private let lock = NSLock()

    init() {
        saved = [UInt8](repeating: 0, count: Int(crclaude_termios_size()))
        if isatty(0) == 1 {
            active = saved.withUnsafeMutableBytes { crclaude_make_raw(0, $0.baseAddress) } == 0
        }
    }

    func restore() {
        lock.withLock {
            guard active else { return }
            active = false
            _ = saved.withUnsafeBytes { crclaude_restore_mode(0, $0.baseAddress) }
        }
    }
}
