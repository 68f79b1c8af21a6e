import Foundation
import RClaudeCore
import RClaudeUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This terminal connected to a terminal session (a remote task's, an ECS Exec shell): raw
/// mode, keys in (until the detach key), resizes forwarded, output through the passthrough
/// filter (untrusted bytes never reach the terminal unfiltered).
struct TerminalSessionLoop {
    /// How the loop ended.
    enum Ending: Equatable {
        /// The user pressed the detach key.
        case detached
        /// The session's output ended.
        case ended
    }

    let session: any TerminalSession
    let detachKey: DetachKey

    func run() async -> Ending {
        let session = self.session
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
            let detachPressed = KeyboardForwarder.forward(detachKey: key) { chunk in
                keyContinuation.yield(chunk)
                return true
            }
            if detachPressed { detached.withLock { $0 = true } }
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
        return detached.withLock { $0 } ? .detached : .ended
    }
}
