import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeStore
import RClaudeTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The attach server against real Unix sockets: live clients, clients that stop reading and
/// fall behind, clients that join late.
@Suite struct AttachServerTests {
    final class RecordingTerminal: InteractiveTerminal {
        let input = Mutex<[UInt8]>([])
        func write(_ bytes: [UInt8]) { input.withLock { $0 += bytes } }
        func resize(_ size: TerminalSize) {}
    }

    /// A connected client that asked for output from `offset`.
    func connect(_ path: String, from offset: UInt64 = 0, receiveBuffer: Int32? = nil) throws -> Int32 {
        let fd = try UnixSocket.connect(path: path)
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let hello = (0..<8).map { UInt8(truncatingIfNeeded: offset >> (56 - 8 * UInt64($0))) }
        AttachFrame.write(AttachFrame.hello, hello, to: fd)
        return fd
    }

    /// Every output byte until the exit frame, and the exit code.
    func readToExit(_ fd: Int32) -> ([UInt8], Int32?) {
        var reader = AttachFrameReader(descriptor: fd)
        var bytes: [UInt8] = []
        while let frames = reader.nextBatch() {
            for frame in frames {
                if frame.type == AttachFrame.output { bytes += frame.payload }
                if frame.type == AttachFrame.exit {
                    return (bytes, frame.payload.reduce(Int32(0)) { $0 << 8 | Int32($1) })
                }
            }
        }
        return (bytes, nil)
    }

    /// Runs a blocking read on a thread of its own (never on the cooperative pool, which the
    /// server's pumps need).
    func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    func chunk(_ i: Int) -> [UInt8] { Array("line \(i) \(String(repeating: "x", count: i % 97))\n".utf8) }

    @Test func aClientThatStopsReadingFallsBehindAndStillGetsEveryByteInOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try OutputLog(
            storage: try FileOutputStorage(path: directory.path + "/output.log"), memoryLimit: 64 << 10)
        let terminal = RecordingTerminal()
        let server = try AttachServer(path: directory.path + "/a.sock", log: log, terminal: terminal)
        let slow = try connect(directory.path + "/a.sock", receiveBuffer: 4096)
        let live = try connect(directory.path + "/a.sock")
        defer {
            close(slow)
            close(live)
        }
        try await Task.sleep(for: .milliseconds(100))  // both caught up (live) before the flood
        var expected: [UInt8] = []
        async let liveRead = onThread { readToExit(live) }
        for i in 0..<20_000 {
            let bytes = chunk(i)
            expected += bytes
            try log.append(bytes)
        }
        server.finish(exitCode: 3)
        log.finish()
        // The slow client has read nothing so far: several MB wait for it, in the log and not
        // in memory. Now it reads them all.
        let (slowBytes, slowCode) = await onThread { readToExit(slow) }
        let (liveBytes, liveCode) = await liveRead
        #expect(liveBytes.count == expected.count)
        #expect(liveBytes == expected)
        #expect(slowBytes == expected)
        #expect(liveCode == 3)
        #expect(slowCode == 3)
    }

    @Test func aClientJoiningMidStreamReplaysFromItsOffsetThenFollowsLive() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try OutputLog(storage: try FileOutputStorage(path: directory.path + "/output.log"))
        let terminal = RecordingTerminal()
        let server = try AttachServer(path: directory.path + "/a.sock", log: log, terminal: terminal)
        var expected: [UInt8] = []
        for i in 0..<500 {
            expected += chunk(i)
            try log.append(chunk(i))
        }
        let late = try connect(directory.path + "/a.sock", from: 100)
        defer { close(late) }
        AttachFrame.write(AttachFrame.input, Array("keys".utf8), to: late)
        async let read = onThread { readToExit(late) }
        for i in 500..<1000 {
            expected += chunk(i)
            try log.append(chunk(i))
            if i % 100 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        server.finish(exitCode: 0)
        log.finish()
        let (bytes, code) = await read
        #expect(bytes == Array(expected[100...]))
        #expect(code == 0)
        #expect(terminal.input.withLock { $0 } == Array("keys".utf8))
    }
}
