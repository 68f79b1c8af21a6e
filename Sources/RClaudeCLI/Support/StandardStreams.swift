import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to stdout/stderr (no Foundation buffering between an event and the user).
enum StandardStreams {
    static func out(_ text: String) { write(1, Array(text.utf8)) }
    static func outBytes(_ bytes: [UInt8]) { write(1, bytes) }
    static func err(_ text: String) { write(2, Array(text.utf8)) }
    static func warn(_ text: String) { err("rclaude: warning: \(text)\n") }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
