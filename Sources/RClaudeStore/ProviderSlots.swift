import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The task queue's slots: at most `limit` tasks of a provider run at once, across every
/// rclaude process on the machine.
///
/// Slot `k` of provider `p` is an exclusive `flock` on `state/slots/<p>/<k>.lock`, held by the
/// supervisor for as long as its task runs; the kernel releases it when the process ends, so a
/// crash never leaks a slot. Waiters queue in `waiting/` (one ticket file each, named by the
/// task's creation time and held locked by its waiter, so a dead waiter's ticket is seen and
/// removed), and only the oldest `limit` waiters try for a slot: tasks start roughly in the
/// order they were created.
public struct ProviderSlots: Sendable {
    /// The directory of one provider's slots.
    public let directory: String
    /// How many tasks may hold a slot at once.
    public let limit: Int
    /// How long a waiter sleeps between tries.
    public let pollInterval: Duration

    /// Creates the slots of `provider` under `paths`.
    public init(paths: StorePaths, provider: String, limit: Int, pollInterval: Duration = .milliseconds(100)) {
        let safe = provider.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        self.directory = paths.stateDirectory + "/slots/" + String(safe)
        self.limit = max(1, limit)
        self.pollInterval = pollInterval
    }

    /// A held slot; closing it (or ending the process) frees the slot.
    public final class Lease: Sendable {
        /// The slot's number.
        public let index: Int
        private let fd: Int32
        init(index: Int, fd: Int32) {
            self.index = index
            self.fd = fd
        }
        deinit { close(fd) }
    }

    /// Takes a free slot now, or returns nil when all `limit` are held.
    public func tryAcquire() throws -> Lease? {
        try PosixFile.makeDirectory(directory)
        for index in 0..<limit {
            let fd = open(directory + "/\(index).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw CoreErrorBridge.storage(SystemErrorText.describe("cannot open the queue slot \(directory)/\(index).lock", errno: errno))
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return Lease(index: index, fd: fd) }
            close(fd)
        }
        return nil
    }

    /// How many slots are held now (a snapshot: it briefly takes a shared lock on each free slot).
    public func heldCount() -> Int {
        var held = 0
        for index in 0..<limit {
            let fd = open(directory + "/\(index).lock", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_SH | LOCK_NB) == 0 { _ = flock(fd, LOCK_UN) } else { held += 1 }
            close(fd)
        }
        return held
    }

    /// Waits in line for a slot.
    ///
    /// - Parameters:
    ///   - ticket: orders waiters (the task's creation time and id, e.g. `1732520000123-abc…`).
    ///   - onWait: called once if the task has to wait, with the limit (every slot is held).
    ///   - isCancelled: polled between tries; when it says yes, waiting stops and nil is returned.
    public func acquire(
        ticket: String, onWait: (Int) -> Void = { _ in }, isCancelled: () -> Bool
    ) async throws -> Lease? {
        if let lease = try tryAcquire() { return lease }
        onWait(limit)
        let waiting = directory + "/waiting"
        try PosixFile.makeDirectory(waiting)
        let ticketPath = waiting + "/" + ticket
        // Locked before it is visible under its name, so no one takes it for a dead waiter's.
        let staging = directory + "/.ticket-\(getpid())-" + ticket
        let ticketFD = open(staging, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard ticketFD >= 0 else {
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot queue at \(ticketPath)", errno: errno))
        }
        _ = flock(ticketFD, LOCK_EX)
        guard rename(staging, ticketPath) == 0 else {
            let code = errno
            unlink(staging)
            close(ticketFD)
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot queue at \(ticketPath)", errno: code))
        }
        defer {
            unlink(ticketPath)
            close(ticketFD)
        }
        while !isCancelled() {
            if position(of: ticket, in: waiting) < limit, let lease = try tryAcquire() { return lease }
            try? await Task.sleep(for: pollInterval)
        }
        return nil
    }

    /// Where `ticket` stands among the live waiters (dead waiters' tickets are removed).
    func position(of ticket: String, in waiting: String) -> Int {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: waiting)) ?? []).sorted()
        var position = 0
        for name in names {
            if name == ticket { return position }
            let fd = open(waiting + "/" + name, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_SH | LOCK_NB) == 0 {
                // Nobody holds it: its waiter is gone.
                unlink(waiting + "/" + name)
            } else {
                position += 1
            }
            close(fd)
        }
        return position
    }
}
