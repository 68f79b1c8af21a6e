import Foundation
import RClaudeCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process started in a container with exec. Its output is pumped from the hijacked
/// connection by a dedicated thread: demultiplexed into stdout and stderr without a TTY, raw
/// with one. The exit code comes from `GET /exec/{id}/json` once the stream ends.
///
/// Signals are delivered inside the container: the provider starts every command through a
/// small `sh` wrapper that records the command's in-container PID in `pidFile`, and `signal`
/// runs a second exec that sends the signal to that PID's process group, or to the PID and
/// its descendants when it leads no group. If that exec fails and the signal is SIGKILL, the
/// whole container is killed (it belongs to the task, and its main process is a placeholder).
public final class DockerExecProcess: SandboxProcess, InteractiveTerminal {
    /// The exec's id.
    public let execID: String
    /// The container it runs in.
    public let container: String
    /// Whether it has a TTY.
    public let tty: Bool
    /// Where the wrapper recorded the command's PID inside the container.
    public let pidFile: String
    /// Not a process group on this machine.
    public var processGroup: Int32? { nil }
    public let output: AsyncStream<ProcessOutput>
    private let connection: DockerExecConnection
    private let client: DockerEngineClient
    private let exitBox = ExitBox()
    private let sentSignals = SentSignals()
    private let resizes: AsyncStream<TerminalSize>.Continuation

    init(execID: String, container: String, tty: Bool, pidFile: String, connection: DockerExecConnection, client: DockerEngineClient) {
        self.execID = execID
        self.container = container
        self.tty = tty
        self.pidFile = pidFile
        self.connection = connection
        self.client = client
        let (stream, continuation) = AsyncStream.makeStream(of: ProcessOutput.self, bufferingPolicy: .unbounded)
        self.output = stream
        let (sizes, sizeContinuation) = AsyncStream.makeStream(of: TerminalSize.self, bufferingPolicy: .bufferingNewest(1))
        self.resizes = sizeContinuation
        Task { [client] in
            for await size in sizes { try? await client.resizeExec(execID, size) }
        }

        let box = exitBox
        let signals = sentSignals
        let thread = Thread {
            Self.pump(connection: connection, tty: tty, into: continuation)
            connection.close()
            continuation.finish()
            sizeContinuation.finish()
            Task {
                let exit: ProcessExit
                if let code = try? await client.waitForExit(execID) {
                    let signal = code - 128
                    exit = ProcessExit(code: code, signaled: code > 128 && signals.contains(signal))
                } else {
                    exit = ProcessExit(code: -1, signaled: false)
                }
                box.complete(exit)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Copies the connection's stream into `continuation` until the daemon closes it.
    private static func pump(
        connection: DockerExecConnection, tty: Bool, into continuation: AsyncStream<ProcessOutput>.Continuation
    ) {
        var demuxer = DockerStreamDemuxer()
        func deliver(_ bytes: [UInt8]) -> Bool {
            guard !bytes.isEmpty else { return true }
            if tty {
                continuation.yield(ProcessOutput(stream: .stdout, bytes: bytes))
                return true
            }
            do {
                for chunk in try demuxer.feed(bytes) {
                    let stream: ProcessOutput.Stream = chunk.stream == .stderr || chunk.stream == .systemError ? .stderr : .stdout
                    continuation.yield(ProcessOutput(stream: stream, bytes: chunk.bytes))
                }
                return true
            } catch {
                report(error, into: continuation)
                return false
            }
        }
        guard deliver(connection.initialBytes) else { return }
        while let bytes = connection.read() {
            guard deliver(bytes) else { return }
        }
        if !tty {
            do { try demuxer.finish() } catch { report(error, into: continuation) }
        }
    }

    private static func report(_ error: any Error, into continuation: AsyncStream<ProcessOutput>.Continuation) {
        let message = (error as? CoreError)?.message ?? "\(error)"
        continuation.yield(ProcessOutput(stream: .stderr, bytes: Array("rclaude: \(message)\n".utf8)))
    }

    public func wait() async -> ProcessExit { await exitBox.wait() }

    /// The exit status, if the process has exited.
    public var exitIfDone: ProcessExit? { exitBox.value }

    public func signal(_ signal: Int32) {
        guard exitBox.value == nil else { return }
        sentSignals.insert(signal)
        let client = self.client
        let container = self.container
        let script = Self.signalScript(signal: signal, pidFile: pidFile)
        Task {
            // The wrapper writes its PID file first thing; retry briefly if the signal came sooner.
            for _ in 0..<20 {
                let result = try? await client.execute(["/bin/sh", "-c", script], in: container)
                if result?.exitCode == 0 { return }
                if result?.exitCode != 3 { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            if signal == SIGKILL { try? await client.killContainer(container, signal: "KILL") }
        }
    }

    /// The in-container script that sends `signal` to the command whose PID is in `pidFile`:
    /// its process group if it leads one, else the PID and all its descendants. Exits 3 when
    /// the PID file is missing.
    public static func signalScript(signal: Int32, pidFile: String) -> String {
        """
        p=$(cat '\(pidFile)' 2>/dev/null) || exit 3; [ -n "$p" ] || exit 3
        kill -\(signal) -"$p" 2>/dev/null && exit 0
        all=""; walk() { all="$all $1"; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do walk "$c"; done; }
        walk "$p"; kill -\(signal) $all
        """
    }

    /// Writes to the process's stdin (ignored when stdin was not attached or is closed).
    public func write(_ bytes: [UInt8]) {
        connection.write(bytes)
    }

    /// Closes the process's stdin (half-closes the connection). Idempotent.
    public func closeInput() {
        connection.closeWrite()
    }

    public func resize(_ size: TerminalSize) {
        guard tty else { return }
        resizes.yield(size)
    }
}

/// The signals sent to an exec, to tell a signal's exit code (128 + N) from a plain exit.
final class SentSignals: Sendable {
    private let signals = Mutex<Set<Int32>>([])

    func insert(_ signal: Int32) { signals.withLock { _ = $0.insert(signal) } }

    func contains(_ signal: Int32) -> Bool { signals.withLock { $0.contains(signal) } }
}
