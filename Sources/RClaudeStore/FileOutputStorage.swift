import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only output file (`output.log`, `events.jsonl`), written with `O_APPEND` so every
/// byte reaches the kernel as it arrives: a crash of rclaude loses nothing already appended.
public final class FileOutputStorage: OutputLogStorage {
    private let path: String
    private let fd: Int32

    /// Opens (creating, 0600) the file for appending.
    ///
    /// - Throws: `CoreError` `.storage` when it cannot be opened.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreErrorBridge.storage(SystemErrorText.describe("cannot open \(path)", errno: errno)) }
        self.fd = fd
    }

    deinit { close(fd) }

    public func append(_ bytes: [UInt8]) throws {
        try PosixFile.writeAll(fd, bytes, what: "cannot append to \(path)")
    }

    public func read(from offset: OutputOffset, maxCount: Int) throws -> [UInt8] {
        try FileOutputStorage.read(fd: fd, path: path, from: offset, maxCount: maxCount)
    }

    public func size() throws -> OutputOffset {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CoreErrorBridge.storage(SystemErrorText.describe("cannot stat \(path)", errno: errno)) }
        return OutputOffset(st.st_size)
    }

    /// Flushes to stable storage (at the end of a task).
    public func sync() { fsync(fd) }

    /// Reads up to `maxCount` bytes at `offset` of an open file.
    static func read(fd: Int32, path: String, from offset: OutputOffset, maxCount: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max(0, maxCount))
        var total = 0
        while total < buffer.count {
            let n = buffer.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress.map { $0 + total }, $0.count - total, off_t(offset) + off_t(total))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw CoreErrorBridge.storage(SystemErrorText.describe("cannot read \(path)", errno: errno))
            }
            if n == 0 { break }
            total += n
        }
        buffer.removeSubrange(total...)
        return buffer
    }

    /// Reads `[offset, offset+maxCount)` of the file at `path` without keeping it open (for
    /// readers in other processes, e.g. `rclaude logs --follow`).
    public static func read(path: String, from offset: OutputOffset, maxCount: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return [] }
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot open \(path)", errno: errno))
        }
        defer { close(fd) }
        return try read(fd: fd, path: path, from: offset, maxCount: maxCount)
    }
}
