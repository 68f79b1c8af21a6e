import NIOCore
import RClaudeCore
import RClaudeRemote

#if canImport(Glibc)
import Glibc
#endif

/// Reads a task's append-only output file at increasing offsets, keeping it open, straight into
/// WebSocket messages (the 8-byte offset header first).
final class OutputFileReader {
    private let path: String
    private var fd: Int32 = -1

    init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    /// An output message with up to `maxCount` bytes from `offset`, or nil when there are none yet.
    func message(from offset: OutputOffset, maxCount: Int) -> (buffer: ByteBuffer, count: Int)? {
        if fd < 0 {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { return nil }
        }
        var buffer = ByteBufferAllocator().buffer(capacity: OutputFrame.headerSize + maxCount)
        buffer.writeInteger(offset, endianness: .big, as: UInt64.self)
        let fd = self.fd
        let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maxCount) { pointer in
            var n: Int
            repeat { n = pread(fd, pointer.baseAddress, maxCount, off_t(offset)) } while n < 0 && errno == EINTR
            return max(0, n)
        }
        return count > 0 ? (buffer, count) : nil
    }
}
