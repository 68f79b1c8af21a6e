import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal blocking Unix-domain stream sockets (the attach channel between `rclaude attach`
/// and a task's supervisor).
public enum UnixSocket {
    /// Listens on `path` (replacing a stale socket file), mode 0600.
    ///
    /// - Returns: the listening descriptor.
    public static func listen(path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw error("cannot create a socket") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        unlink(path)
        var address = try makeAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let e = error("cannot listen on \(path)")
            close(fd)
            throw e
        }
        chmod(path, 0o600)
        guard Glibc.listen(fd, 16) == 0 else {
            let e = error("cannot listen on \(path)")
            close(fd)
            throw e
        }
        return fd
    }

    /// Connects to the socket at `path`.
    public static func connect(path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw error("cannot create a socket") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var address = try makeAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let e = error("cannot connect to \(path)")
            close(fd)
            throw e
        }
        return fd
    }

    private static func makeAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw ProviderError(
                code: .launchFailed,
                message: "socket path \(path) is longer than \(capacity - 1) bytes; set RCLAUDE_HOME or XDG_STATE_HOME to a shorter directory")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return address
    }

    private static func error(_ what: String) -> ProviderError {
        ProviderError(code: .launchFailed, message: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// Frames on the attach channel: `[type u8][length u32 big-endian][payload]`.
public enum AttachFrame {
    /// Client → supervisor: keyboard input.
    public static let input: UInt8 = 1
    /// Client → supervisor: `[rows u16][cols u16]`.
    public static let resize: UInt8 = 2
    /// Client → supervisor, first frame: `[offset u64]` to replay output from.
    public static let hello: UInt8 = 3
    /// Supervisor → client: output bytes.
    public static let output: UInt8 = 4
    /// Supervisor → client: the agent exited, `[code i32]`.
    public static let exit: UInt8 = 5
    /// The largest payload accepted.
    public static let maxPayload = 1 << 20

    /// Encodes one frame.
    public static func encode(_ type: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let n = UInt32(payload.count)
        return [type, UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + payload
    }

    /// Reads one frame from a blocking descriptor; `nil` at EOF or on a malformed frame.
    public static func read(from fd: Int32) -> (UInt8, [UInt8])? {
        guard let header = readExactly(fd, 5) else { return nil }
        let length = Int(header[1]) << 24 | Int(header[2]) << 16 | Int(header[3]) << 8 | Int(header[4])
        guard length <= maxPayload else { return nil }
        if length == 0 { return (header[0], []) }
        guard let payload = readExactly(fd, length) else { return nil }
        return (header[0], payload)
    }

    /// Writes a frame; `false` when the peer is gone.
    @discardableResult
    public static func write(_ type: UInt8, _ payload: [UInt8], to fd: Int32) -> Bool {
        writeRaw(encode(type, payload), to: fd)
    }

    /// Writes already encoded bytes (the rest of a frame); `false` when the peer is gone.
    @discardableResult
    public static func writeRaw(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    private static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress.map { $0 + got }, count - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            got += n
        }
        return buffer
    }
}
