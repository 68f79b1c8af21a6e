import Foundation
import RClaudeCore
import RClaudeHTTP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hijacked connection of a started exec: after `POST /exec/{id}/start` with
/// `Connection: Upgrade` + `Upgrade: tcp`, the daemon answers `101 UPGRADED` and the socket
/// becomes a raw byte stream (writes are the process's stdin; reads are its output, framed
/// unless the exec has a TTY). libcurl cannot hand over a hijacked socket, so this type
/// writes the request itself on a blocking unix or TCP socket.
///
/// Reads come from one reader (the exec's pump thread); writes, half-close and close may come
/// from any thread. Only `close()` releases the descriptor, and writes check under the lock
/// that it is still open.
public final class DockerExecConnection: Sendable {
    private let fd: Int32
    private let state = Mutex<(closed: Bool, writeShut: Bool)>((false, false))
    /// Stream bytes that arrived together with the response head.
    public let initialBytes: [UInt8]

    private init(fd: Int32, initialBytes: [UInt8]) {
        self.fd = fd
        self.initialBytes = initialBytes
    }

    deinit { close() }

    /// Starts exec `execID` and hijacks the connection (blocking; run it off the cooperative pool).
    ///
    /// - Parameters:
    ///   - execID: an exec created with `DockerEngineClient.createExec`.
    ///   - tty: the exec's `Tty` flag, repeated in the start body.
    ///   - endpoint: the daemon.
    ///   - headTimeout: how long the daemon may take to answer.
    /// - Throws: `CoreError` `.unavailable` when the daemon cannot be reached or refuses.
    public static func start(execID: String, tty: Bool, endpoint: DockerEndpoint, headTimeout: Duration = .seconds(30))
        throws -> DockerExecConnection
    {
        let fd = try connect(endpoint)
        do {
            setReceiveTimeout(fd, headTimeout)
            let body = Array("{\"Detach\":false,\"Tty\":\(tty)}".utf8)
            let request =
                "POST /\(DockerEngineClient.apiVersion)/exec/\(execID)/start HTTP/1.1\r\n" + "Host: docker\r\n"
                + "User-Agent: rclaude\r\n" + "Content-Type: application/json\r\n" + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n" + "Content-Length: \(body.count)\r\n\r\n"
            guard sendAll(fd, Array(request.utf8) + body) else {
                throw DockerErrors.unreachable(endpoint, detail: "writing the exec start request failed: \(errnoText())")
            }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                if let parsed = try DockerResponseHead.parse(received) {
                    let head = parsed.head
                    let rest = Array(received[parsed.bodyStart...])
                    guard head.status == 101 || head.status == 200 else {
                        let message = errorMessage(fd: fd, head: head, rest: rest, buffer: &buffer)
                        throw DockerErrors.failure(status: head.status, message: message, doing: "starting exec \(execID)")
                    }
                    setReceiveTimeout(fd, .zero)
                    return DockerExecConnection(fd: fd, initialBytes: rest)
                }
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let why = n == 0 ? "the daemon closed the connection" : errnoText()
                    throw DockerErrors.unreachable(endpoint, detail: "no answer to the exec start: \(why)")
                }
                received += buffer[0..<n]
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Reads the next bytes of the stream (blocking).
    ///
    /// - Returns: the bytes, or nil when the daemon closed the stream (the process ended) or the
    ///   connection failed or was closed.
    public func read(maxCount: Int = 64 * 1024) -> [UInt8]? {
        if state.withLock({ $0.closed }) { return nil }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            return Array(buffer[0..<n])
        }
    }

    /// Writes `bytes` to the process's stdin.
    ///
    /// - Returns: false when the connection is closed or its write side shut.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        state.withLock { s in
            guard !s.closed, !s.writeShut else { return false }
            return Self.sendAll(fd, bytes)
        }
    }

    /// Half-closes the connection: the process sees end of input; its output keeps coming.
    public func closeWrite() {
        state.withLock { s in
            guard !s.closed, !s.writeShut else { return }
            s.writeShut = true
            _ = shutdown(fd, Int32(SHUT_WR))
        }
    }

    /// Closes the connection. Idempotent.
    public func close() {
        state.withLock { s in
            guard !s.closed else { return }
            s.closed = true
            _ = shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    // MARK: - Sockets

    /// A connected blocking socket to `endpoint`.
    static func connect(_ endpoint: DockerEndpoint) throws -> Int32 {
        switch endpoint {
        case .unix(let path):
            do {
                return try UnixSocket.connect(path: path)
            } catch {
                throw DockerErrors.unreachable(endpoint, detail: (error as? ProviderError)?.message ?? "\(error)")
            }
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let resolved = getaddrinfo(host, String(port), &hints, &list)
            guard resolved == 0, let first = list else {
                throw DockerErrors.unreachable(endpoint, detail: "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
            }
            defer { freeaddrinfo(list) }
            var lastError = "no address"
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                cursor = info.pointee.ai_next
                let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                guard fd >= 0 else { continue }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                }
                lastError = errnoText()
                Glibc.close(fd)
            }
            throw DockerErrors.unreachable(endpoint, detail: lastError)
        }
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    private static func setReceiveTimeout(_ fd: Int32, _ duration: Duration) {
        var value = timeval(
            tv_sec: Int(duration.components.seconds),
            tv_usec: Int(duration.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads a refused start's error body (bounded) and extracts its message.
    private static func errorMessage(fd: Int32, head: DockerResponseHead, rest: [UInt8], buffer: inout [UInt8]) -> String {
        var body = rest
        let expected = head.headers["content-length"].flatMap { Int($0) }
        let chunked = head.headers["transfer-encoding"]?.lowercased().contains("chunked") == true
        while body.count < (expected ?? DockerResponseHead.maxSize), body.count < DockerResponseHead.maxSize {
            if chunked, body.count >= 5, body.suffix(5).elementsEqual([48, 13, 10, 13, 10]) { break }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            body += buffer[0..<n]
        }
        if chunked { body = DockerResponseHead.dechunk(body) }
        return DockerErrors.message(of: .init(status: head.status, body: body))
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
