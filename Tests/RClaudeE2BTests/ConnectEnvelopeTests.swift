import Foundation
import RClaudeE2B
import Testing

@Suite struct ConnectEnvelopeTests {
    static let spec = Array(#"{"name": "Buf"}"#.utf8)

    @Test func encodesTheDocumentedFrame() {
        let frame = ConnectEnvelope(payload: Self.spec).encoded
        #expect(frame.prefix(5) == [0, 0, 0, 0, 15])
        #expect(Array(frame.dropFirst(5)) == Self.spec)
        #expect(ConnectEnvelope(flags: 2, payload: Array("{}".utf8)).encoded == [2, 0, 0, 0, 2, 0x7B, 0x7D])
    }

    @Test func decodesAStreamCutAtEveryByte() throws {
        let stream =
            ConnectEnvelope(payload: Self.spec).encoded + ConnectEnvelope(payload: Array("{}".utf8)).encoded
            + ConnectEnvelope(flags: 2, payload: Array("{}".utf8)).encoded
        for cut in 0...stream.count {
            var decoder = ConnectEnvelopeDecoder()
            let first = try decoder.feed(Array(stream[..<cut]))
            let second = try decoder.feed(Array(stream[cut...]))
            try decoder.finish()
            let all = first + second
            #expect(all.map(\.payload) == [Self.spec, Array("{}".utf8), Array("{}".utf8)], "cut at \(cut)")
            #expect(all.map(\.isEndStream) == [false, false, true])
            #expect(decoder.sawEndStream)
        }
    }

    @Test func decodesAStreamFedByteByByte() throws {
        let stream =
            ConnectEnvelope(payload: Self.spec).encoded + ConnectEnvelope(flags: 2, payload: Array("{}".utf8)).encoded
        var decoder = ConnectEnvelopeDecoder()
        var all: [ConnectEnvelope] = []
        for byte in stream { all += try decoder.feed([byte]) }
        #expect(all.count == 2)
        #expect(all.last?.isEndStream == true)
    }

    @Test func endStreamErrorIsParsed() throws {
        let json = Array(
            #"{"error":{"code":"unavailable","message":"sandbox is shutting down"},"metadata":{"k":["v"]}}"#.utf8)
        #expect(
            try ConnectError.parse(endStream: json)
                == ConnectError(code: .unavailable, message: "sandbox is shutting down"))
        #expect(try ConnectError.parse(endStream: Array("{}".utf8)) == nil)
        #expect(throws: ConnectError.self) { try ConnectError.parse(endStream: Array("not json".utf8)) }
    }

    @Test func truncatedFramesAreClearErrors() throws {
        var decoder = ConnectEnvelopeDecoder()
        #expect(try decoder.feed([0, 0, 0, 0, 10] + Array("abc".utf8)).isEmpty)
        let error = #expect(throws: ConnectError.self) { try decoder.finish() }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("3 of 10 bytes") == true)

        var header = ConnectEnvelopeDecoder()
        _ = try header.feed([0, 0])
        #expect(throws: ConnectError.self) { try header.finish() }
    }

    @Test func garbageIsAnErrorNotACrash() throws {
        // An HTML error page from a proxy: '<' is not a valid flag byte.
        var html = ConnectEnvelopeDecoder()
        let error = #expect(throws: ConnectError.self) {
            try html.feed(Array("<html><body>502 Bad Gateway</body></html>".utf8))
        }
        #expect(error?.message.contains("unknown flags") == true)

        // A huge announced length.
        var huge = ConnectEnvelopeDecoder(maxMessageSize: 1024)
        #expect(throws: ConnectError.self) { try huge.feed([0, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]) }

        // A compressed frame nobody asked for.
        var compressed = ConnectEnvelopeDecoder()
        #expect(throws: ConnectError.self) { try compressed.feed([1, 0, 0, 0, 1, 0]) }

        // Bytes after the end of the stream.
        var after = ConnectEnvelopeDecoder()
        _ = try after.feed(ConnectEnvelope(flags: 2, payload: Array("{}".utf8)).encoded + [0, 0])
        #expect(throws: ConnectError.self) { try after.finish() }
        #expect(throws: ConnectError.self) { try after.feed([0]) }

        // Random bytes never trap.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var decoder = ConnectEnvelopeDecoder(maxMessageSize: 4096)
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? decoder.feed(bytes)
            _ = try? decoder.finish()
        }
    }

    @Test func processEventsDecode() throws {
        #expect(
            try EnvdProcessEvent.decode(message: Array(#"{"event":{"start":{"pid":1234}}}"#.utf8)) == .start(pid: 1234))
        #expect(
            try EnvdProcessEvent.decode(message: Array(#"{"event":{"data":{"stdout":"aGkK"}}}"#.utf8))
                == .data(.stdout, Array("hi\n".utf8)))
        #expect(
            try EnvdProcessEvent.decode(message: Array(#"{"event":{"data":{"pty":"aGkK"}}}"#.utf8))
                == .data(.pty, Array("hi\n".utf8)))
        let end = try EnvdProcessEvent.decode(
            message: Array(#"{"event":{"end":{"exited":true,"status":"exit status 0"}}}"#.utf8))
        #expect(end == .end(EnvdProcessEnd(exitCode: 0, exited: true, status: "exit status 0")))
        #expect(try EnvdProcessEvent.decode(message: Array(#"{"event":{"keepalive":{}}}"#.utf8)) == .keepalive)
        #expect(try EnvdProcessEvent.decode(message: Array(#"{"event":{"somethingNew":{}}}"#.utf8)) == nil)
        #expect(throws: ConnectError.self) {
            try EnvdProcessEvent.decode(message: Array(#"{"event":{"data":{"stdout":"!!"}}}"#.utf8))
        }
        #expect(throws: ConnectError.self) { try EnvdProcessEvent.decode(message: Array("[1,2".utf8)) }
    }

    @Test func endEventsBecomeExitStatuses() {
        #expect(
            EnvdProcessEnd(exitCode: 3, exited: true, status: "exit status 3").processExit
                == .init(code: 3, signaled: false))
        #expect(
            EnvdProcessEnd(exitCode: -1, exited: false, status: "signal: killed").processExit
                == .init(code: 137, signaled: true))
        #expect(
            EnvdProcessEnd(exitCode: -1, exited: false, status: "signal: terminated").processExit
                == .init(code: 143, signaled: true))
        #expect(EnvdProcessEnd(exitCode: -1, exited: false, status: "signal: interrupt").signal == 2)
    }
}
