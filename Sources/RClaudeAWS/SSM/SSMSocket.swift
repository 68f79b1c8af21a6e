// POSIX TCP for the WebSocket client: resolve, connect with a deadline, and wait for
// readiness with `poll`. Sockets are non-blocking from the start, so nothing here blocks
// longer than the deadline it is given.

import Foundation
import RClaudeCore

/// TCP socket helpers.
enum SSMSocket {
    /// Connects to `host`:`port` (IPv4 or IPv6, in resolver order) before `deadline`.
    ///
    /// - Returns: a connected non-blocking socket.
    /// - Throws: `CoreError` `.unavailable` when the name does not resolve or no address accepts.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw CoreError(
                code: .unavailable,
                message: "cannot resolve the data channel host \(host): \(reason); check DNS and the network")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                _ = Glibc.close(fd)
                continue
            }
            guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                lastError = "timed out"
                _ = Glibc.close(fd)
                continue
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 { return fd }
            lastError = String(cString: strerror(socketError))
            _ = Glibc.close(fd)
        }
        throw CoreError(
            code: .unavailable,
            message: "cannot connect to the data channel at \(host):\(port): \(lastError); check the network and proxy")
    }

    /// Waits until `fd` has `events` or `deadline` passes.
    ///
    /// - Returns: whether the events (or an error/hang-up) arrived in time.
    static func wait(_ fd: Int32, events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds(until: deadline))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }
        }
    }

    /// The milliseconds from now to `deadline`, rounded up, for `poll` (0 when past).
    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    /// A `CoreError` for the last failed call (`errno`).
    static func error(_ what: String) -> CoreError {
        CoreError(code: .unavailable, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
