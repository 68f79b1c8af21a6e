#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads this terminal's keys (stdin, in raw mode) and hands them on until the detach key, the
/// end of input, or a refused hand-off. Blocks: run it on a thread of its own.
enum KeyboardForwarder {
    /// Forwards keys to `send` (which returns `false` when the other side is gone); the keys
    /// typed before the detach key in the same read are still sent.
    ///
    /// - Returns: whether the detach key ended it.
    static func forward(detachKey key: UInt8, to send: ([UInt8]) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            let chunk = Array(buffer[0..<n])
            if let at = chunk.firstIndex(of: key) {
                if at > 0 { _ = send(Array(chunk[0..<at])) }
                return true
            }
            if !send(chunk) { return false }
        }
    }
}
