import RClaudeCore
import RClaudeProviders
import Testing

@Suite struct DockerStreamDemuxerTests {
    /// Bytes per stream after feeding `pieces`.
    func demux(_ pieces: [[UInt8]]) throws -> (stdout: [UInt8], stderr: [UInt8], system: [UInt8], chunks: Int) {
        var demuxer = DockerStreamDemuxer()
        var out: [UInt8] = []
        var err: [UInt8] = []
        var sys: [UInt8] = []
        var count = 0
        for piece in pieces {
            for chunk in try demuxer.feed(piece) {
                #expect(!chunk.bytes.isEmpty)
                count += 1
                switch chunk.stream {
                case .stdout, .stdin: out += chunk.bytes
                case .stderr: err += chunk.bytes
                case .systemError: sys += chunk.bytes
                }
            }
        }
        try demuxer.finish()
        return (out, err, sys, count)
    }

    @Test func framesGoToTheirStreams() throws {
        var demuxer = DockerStreamDemuxer()
        let chunks = try demuxer.feed(dockerFrame(1, "hello\n") + dockerFrame(2, "oops\n") + dockerFrame(1, "bye\n"))
        #expect(
            chunks == [
                DockerStreamChunk(stream: .stdout, bytes: Array("hello\n".utf8)),
                DockerStreamChunk(stream: .stderr, bytes: Array("oops\n".utf8)),
                DockerStreamChunk(stream: .stdout, bytes: Array("bye\n".utf8)),
            ])
        #expect(demuxer.isAtFrameBoundary)
    }

    @Test func adjacentFramesOfOneStreamMerge() throws {
        var demuxer = DockerStreamDemuxer()
        let chunks = try demuxer.feed(dockerFrame(1, "a") + dockerFrame(1, "b") + dockerFrame(1, []))
        #expect(chunks == [DockerStreamChunk(stream: .stdout, bytes: Array("ab".utf8))])
    }

    @Test func everyCutGivesTheSameStreams() throws {
        // A split UTF-8 sequence, an empty frame and a system error among ordinary frames.
        let stream =
            dockerFrame(1, "got:héllo\n") + dockerFrame(2, "to-stderr\n") + dockerFrame(1, []) + dockerFrame(3, "daemon says no")
            + dockerFrame(1, "Linux ✓\n")
        for cut in 0...stream.count {
            let result = try demux([Array(stream[..<cut]), Array(stream[cut...])])
            #expect(result.stdout == Array("got:héllo\nLinux ✓\n".utf8), "cut at \(cut)")
            #expect(result.stderr == Array("to-stderr\n".utf8), "cut at \(cut)")
            #expect(result.system == Array("daemon says no".utf8), "cut at \(cut)")
        }
        for first in stride(from: 0, through: stream.count, by: 3) {
            for second in stride(from: first, through: stream.count, by: 5) {
                let result = try demux([Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])])
                #expect(result.stdout == Array("got:héllo\nLinux ✓\n".utf8))
                #expect(result.stderr == Array("to-stderr\n".utf8))
            }
        }
        let bytewise = try demux(stream.map { [$0] })
        #expect(bytewise.stdout == Array("got:héllo\nLinux ✓\n".utf8))
        #expect(bytewise.stderr == Array("to-stderr\n".utf8))
    }

    @Test func hugeFramePayloadStreamsOutAsItArrives() throws {
        let size = 8 * 1024 * 1024 + 3
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let stream = dockerFrame(2, payload) + dockerFrame(1, "after")
        var demuxer = DockerStreamDemuxer()
        var stderr: [UInt8] = []
        var stdout: [UInt8] = []
        var offset = 0
        var feeds = 0
        while offset < stream.count {
            let end = min(offset + 65536, stream.count)
            let chunks = try demuxer.feed(Array(stream[offset..<end]))
            // Nothing is held back: each piece of payload comes out of the feed that brought it.
            if offset == 0 { #expect(chunks == [DockerStreamChunk(stream: .stderr, bytes: Array(payload[0..<65528]))]) }
            for chunk in chunks {
                if chunk.stream == .stderr { stderr += chunk.bytes } else { stdout += chunk.bytes }
            }
            offset = end
            feeds += 1
        }
        try demuxer.finish()
        #expect(feeds > 100)
        #expect(stderr == payload)
        #expect(stdout == Array("after".utf8))
    }

    @Test func maximumDeclaredLengthIsAcceptedAndAwaited() throws {
        var demuxer = DockerStreamDemuxer()
        let chunks = try demuxer.feed([1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF] + Array("partial".utf8))
        #expect(chunks == [DockerStreamChunk(stream: .stdout, bytes: Array("partial".utf8))])
        #expect(throws: CoreError.self) { try demuxer.finish() }
    }

    @Test func unframedOutputIsAClearError() {
        var demuxer = DockerStreamDemuxer()
        let error = #expect(throws: CoreError.self) { try demuxer.feed(Array("$ hello from a tty\r\n".utf8)) }
        #expect(error?.message.contains("malformed frame header") == true)
        #expect(error?.message.contains("TTY") == true)
    }

    @Test func unknownStreamByteOrNonZeroPaddingIsRejected() throws {
        var first = DockerStreamDemuxer()
        #expect(throws: CoreError.self) { try first.feed([4, 0, 0, 0, 0, 0, 0, 1, 65]) }
        var second = DockerStreamDemuxer()
        #expect(throws: CoreError.self) { try second.feed([1, 0, 1, 0, 0, 0, 0, 1, 65]) }
        // The bad header is reported with its position, after a good frame.
        var third = DockerStreamDemuxer()
        _ = try third.feed(dockerFrame(1, "ok"))
        let error = #expect(throws: CoreError.self) { try third.feed([9, 9, 9, 9, 9, 9, 9, 9]) }
        #expect(error?.message.contains("at byte 10") == true)
    }

    @Test func streamCutInsideAFrameIsReportedAtTheEnd() throws {
        var inHeader = DockerStreamDemuxer()
        _ = try inHeader.feed([1, 0, 0])
        #expect(!inHeader.isAtFrameBoundary)
        let headerError = #expect(throws: CoreError.self) { try inHeader.finish() }
        #expect(headerError?.message.contains("inside a frame header") == true)

        var inPayload = DockerStreamDemuxer()
        _ = try inPayload.feed(Array(dockerFrame(1, "hello").prefix(10)))
        let payloadError = #expect(throws: CoreError.self) { try inPayload.finish() }
        #expect(payloadError?.message.contains("3 bytes short") == true)
    }
}
