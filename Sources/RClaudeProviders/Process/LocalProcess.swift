import CRClaudeSystem
import Foundation
import RClaudeCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process on this machine, started by `LocalProcessRunner` in its own process group (or
/// session, under a PTY). Output is read by dedicated threads, so a chatty process never waits
/// on Swift concurrency.
/// Takes a process's stdout as it is read, on the reading thread; `true` when it took the bytes
/// (they then do not appear in the process's `output`). It must not block for long.
public typealias StdoutSink = @Sendable ([UInt8]) -> Bool

public final class LocalProcess: SandboxProcess, InteractiveTerminal {
    /// The process id.
    public let pid: Int32
    public var processGroup: Int32? { pid }
    public let output: AsyncStream<ProcessOutput>
    private let ptyMaster: Int32?
    private let stdinWriter: Mutex<Int32?>
    private let exitBox = ExitBox()

    init(
        pid: Int32, readers: [(Int32, ProcessOutput.Stream)], ptyMaster: Int32?, stdinWriter: Int32?, stdoutSink: StdoutSink? = nil
    ) {
        self.pid = pid
        self.ptyMaster = ptyMaster
        self.stdinWriter = Mutex(stdinWriter)
        let (stream, continuation) = AsyncStream.makeStream(of: ProcessOutput.self, bufferingPolicy: .unbounded)
        self.output = stream
        let remaining = Counter(readers.count)
        for (fd, name) in readers {
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                while true {
                    let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    // EIO on a PTY master means the other side closed.
                    if n <= 0 { break }
                    // A PTY hands out at most 4 KiB per read: in a flood, what is already waiting
                    // joins this chunk (no waiting), so it costs one hand-off per 64 KiB, not per
                    // 4 KiB. A short read (a keystroke's echo) goes on at once.
                    let total = n >= LocalProcess.floodRead ? LocalProcess.readMore(fd, into: &buffer, after: n) : n
                    let bytes = Array(buffer[0..<total])
                    // A sink takes stdout here, on this thread: no hand-off on the way to the log.
                    if name == .stdout, let stdoutSink, stdoutSink(bytes) { continue }
                    continuation.yield(ProcessOutput(stream: name, bytes: bytes))
                }
                close(fd)
                if remaining.decrement() == 0 { continuation.finish() }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        if readers.isEmpty { continuation.finish() }
        let box = exitBox
        let waiter = Thread {
            var status: Int32 = 0
            var signaled: Int32 = 0
            let r = crclaude_wait(pid, 0, &status, &signaled)
            box.complete(r > 0 ? ProcessExit(code: status, signaled: signaled != 0) : ProcessExit(code: -1, signaled: false))
        }
        waiter.stackSize = 256 * 1024
        waiter.start()
    }

    deinit {
        closeInput()
    }

    /// Reads at least this long suggest more is waiting.
    static let floodRead = 1024

    /// Reads whatever `fd` already holds into `buffer` after its first `count` bytes, without
    /// blocking, until the buffer is full or nothing more is waiting.
    ///
    /// - Returns: how many bytes `buffer` now holds. A read error or end of file stops the
    ///   gathering; the next blocking read sees it again.
    static func readMore(_ fd: Int32, into buffer: inout [UInt8], after count: Int) -> Int {
        var total = count
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while total < buffer.count, poll(&poller, 1, 0) == 1, poller.revents & Int16(POLLIN) != 0 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress.map { $0 + total }, $0.count - total) }
            if n <= 0 { break }
            total += n
        }
        return total
    }

    /// Closes the process's stdin (the end of a stdin conversation). Idempotent.
    public func closeInput() {
        stdinWriter.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    public func wait() async -> ProcessExit { await exitBox.wait() }

    /// The exit status, if the process has exited.
    public var exitIfDone: ProcessExit? { exitBox.value }

    public func signal(_ signal: Int32) {
        if exitBox.value == nil { kill(pid, signal) }
        kill(-pid, signal)
    }

    public func write(_ bytes: [UInt8]) {
        if let ptyMaster {
            try? PosixWrite.all(ptyMaster, bytes)
            return
        }
        // Held under the lock so a concurrent closeInput cannot close the fd mid-write.
        stdinWriter.withLock { fd in
            if let open = fd { try? PosixWrite.all(open, bytes) }
        }
    }

    public func resize(_ size: TerminalSize) {
        guard let ptyMaster else { return }
        _ = crclaude_set_winsize(ptyMaster, UInt16(clamping: size.rows), UInt16(clamping: size.cols))
        kill(-pid, SIGWINCH)
    }
}

/// Writes whole buffers to a file descriptor.
enum PosixWrite {
    static func all(_ fd: Int32, _ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + written }, bytes.count - written) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ProviderError(code: .launchFailed, message: "write failed: \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }
}

/// The exit status of a process and whoever waits for it.
final class ExitBox: Sendable {
    private let state = Mutex<(exit: ProcessExit?, waiters: [CheckedContinuation<ProcessExit, Never>])>((nil, []))

    var value: ProcessExit? { state.withLock { $0.exit } }

    func complete(_ exit: ProcessExit) {
        let waiters = state.withLock { s -> [CheckedContinuation<ProcessExit, Never>] in
            s.exit = exit
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }

    func wait() async -> ProcessExit {
        await withCheckedContinuation { continuation in
            let done: ProcessExit? = state.withLock { s in
                if let exit = s.exit { return exit }
                s.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}

/// A thread-safe countdown.
final class Counter: Sendable {
    private let count: Mutex<Int>
    init(_ value: Int) { count = Mutex(value) }
    func decrement() -> Int { count.withLock { $0 -= 1; return $0 } }
}
