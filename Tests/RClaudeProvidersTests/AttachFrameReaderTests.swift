import Foundation
import RClaudeProviders
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct AttachFrameReaderTests {
    /// A connected pair of Unix stream sockets.
    func socketPair() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        let result = fds.withUnsafeMutableBufferPointer {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, $0.baseAddress)
        }
        try #require(result == 0)
        return (fds[0], fds[1])
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Every frame until the end, batches kept apart.
    func readAll(_ fd: Int32, capacity: Int = 256 << 10) -> [[AttachFrameReader.Frame]] {
        var reader = AttachFrameReader(descriptor: fd, capacity: capacity)
        var batches: [[AttachFrameReader.Frame]] = []
        while let batch = reader.nextBatch() { batches.append(batch) }
        return batches
    }

    @Test func mergesConsecutiveOutputFramesAndKeepsOtherFramesInOrder() throws {
        let (a, b) = try socketPair()
        defer { close(b) }
        var bytes: [UInt8] = []
        bytes += AttachFrame.encode(AttachFrame.output, Array("hello ".utf8))
        bytes += AttachFrame.encode(AttachFrame.output, Array("world".utf8))
        bytes += AttachFrame.encode(AttachFrame.resize, [0, 24, 0, 80])
        bytes += AttachFrame.encode(AttachFrame.output, Array("!".utf8))
        bytes += AttachFrame.encode(AttachFrame.exit, [0, 0, 0, 3])
        writeAll(a, bytes)
        close(a)
        let frames = readAll(b).flatMap { $0 }
        #expect(frames.map(\.type) == [AttachFrame.output, AttachFrame.resize, AttachFrame.output, AttachFrame.exit])
        #expect(frames[0].payload == Array("hello world".utf8))
        #expect(frames[1].payload == [0, 24, 0, 80])
        #expect(frames[2].payload == Array("!".utf8))
        #expect(frames[3].payload == [0, 0, 0, 3])
    }

    @Test func framesSplitAcrossWritesAndLargerThanTheBufferArriveWhole() throws {
        let (a, b) = try socketPair()
        defer { close(b) }
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let small = Array("tail".utf8)
        let encoded = AttachFrame.encode(AttachFrame.output, big) + AttachFrame.encode(AttachFrame.input, small)
        let writer = Thread {
            // Dribbled out: a header split in two, then the rest in odd-sized pieces.
            var offset = 0
            for size in [3, 1, 4096, 70_000] + Array(repeating: 50_000, count: 10) where offset < encoded.count {
                let end = min(encoded.count, offset + size)
                writeAll(a, Array(encoded[offset..<end]))
                offset = end
                usleep(500)
            }
            if offset < encoded.count { writeAll(a, Array(encoded[offset...])) }
            close(a)
        }
        writer.start()
        let frames = readAll(b, capacity: 4096).flatMap { $0 }
        let output = frames.filter { $0.type == AttachFrame.output }.flatMap(\.payload)
        #expect(output == big)
        #expect(frames.last == AttachFrameReader.Frame(type: AttachFrame.input, payload: small))
    }

    @Test func aFrameLongerThanTheLimitEndsTheStreamAfterTheWholeFramesBeforeIt() throws {
        let (a, b) = try socketPair()
        defer { close(b) }
        let tooLong = UInt32(AttachFrame.maxPayload + 1)
        var bytes = AttachFrame.encode(AttachFrame.output, Array("kept".utf8))
        bytes += [
            AttachFrame.output, UInt8(tooLong >> 24), UInt8((tooLong >> 16) & 0xFF), UInt8((tooLong >> 8) & 0xFF),
            UInt8(tooLong & 0xFF),
        ]
        bytes += Array(repeating: 0x41, count: 100)
        writeAll(a, bytes)
        // The writer stays open: the reader must stop on the bad header, not wait for more.
        let frames = readAll(b).flatMap { $0 }
        close(a)
        #expect(frames == [AttachFrameReader.Frame(type: AttachFrame.output, payload: Array("kept".utf8))])
    }

    @Test func endOfFileInsideAFrameEndsTheStream() throws {
        let (a, b) = try socketPair()
        defer { close(b) }
        let whole = AttachFrame.encode(AttachFrame.output, Array("abc".utf8))
        let cut = Array(AttachFrame.encode(AttachFrame.output, Array("defgh".utf8)).prefix(7))
        writeAll(a, whole + cut)
        close(a)
        let frames = readAll(b).flatMap { $0 }
        #expect(frames == [AttachFrameReader.Frame(type: AttachFrame.output, payload: Array("abc".utf8))])
    }
}
