import Foundation
import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection to an interactive task's supervisor over its attach socket.
public final class LocalTerminalSession: TerminalSession {
    private let socket: Int32
    public let output: AsyncStream<[UInt8]>

    /// Connects to `path` (retrying while the supervisor starts), replaying output from `offset`.
    public init(socketPath path: String, from offset: OutputOffset = 0, timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var fd: Int32 = -1
        while fd < 0 {
            do {
                fd = try UnixSocket.connect(path: path)
            } catch {
                if clock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        socket = fd
        let hello = (0..<8).map { UInt8(truncatingIfNeeded: offset >> (56 - 8 * UInt64($0))) }
        AttachFrame.write(AttachFrame.hello, hello, to: fd)
        // Bounded: a slow reader makes this thread wait, and the supervisor's socket fills,
        // instead of output piling up in memory (at most 16 merged chunks of 256 KiB).
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingOldest(16))
        output = stream
        let connected = fd
        Thread.detachNewThread {
            // One read takes everything the socket holds; its output frames go on as one chunk.
            var reader = AttachFrameReader(descriptor: connected)
            reading: while let frames = reader.nextBatch() {
                for frame in frames {
                    if frame.type == AttachFrame.output {
                        while case .dropped = continuation.yield(frame.payload) { usleep(1000) }
                    }
                    if frame.type == AttachFrame.exit { break reading }
                }
            }
            continuation.finish()
        }
    }

    public func send(_ bytes: [UInt8]) async { AttachFrame.write(AttachFrame.input, bytes, to: socket) }

    public func resize(_ size: TerminalSize) async {
        let r = UInt16(clamping: size.rows)
        let c = UInt16(clamping: size.cols)
        AttachFrame.write(AttachFrame.resize, [UInt8(r >> 8), UInt8(r & 0xFF), UInt8(c >> 8), UInt8(c & 0xFF)], to: socket)
    }

    public func close() async { shutdown(socket, Int32(SHUT_RDWR)) }

    deinit { Glibc.close(socket) }
}
