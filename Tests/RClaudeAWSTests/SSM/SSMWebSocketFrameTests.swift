import Foundation
import RClaudeCore
import Testing

@testable import RClaudeAWS

/// RFC 6455 framing, the upgrade handshake, and stream-URL parsing.
@Suite struct SSMWebSocketFrameTests {
    @Test func clientFramesAreMasked() {
        // RFC 6455 §5.7: a masked "Hello" with mask 37 fa 21 3d.
        let frame = SSMWebSocketFrame(fin: true, opcode: .text, payload: Array("Hello".utf8))
        #expect(
            frame.encoded(mask: [0x37, 0xFA, 0x21, 0x3D]) == [
                0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58,
            ])
        #expect(frame.encoded(mask: nil) == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
    }

    @Test func lengthEncodings() throws {
        for count in [0, 125, 126, 65535, 65536, 70000] {
            let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
            let bytes = SSMWebSocketFrame(fin: true, opcode: .binary, payload: payload).encoded(mask: [1, 2, 3, 4])
            var decoder = SSMWebSocketFrameDecoder()
            decoder.append(bytes)
            let frame = try decoder.next()
            #expect(frame?.payload == payload)
            #expect(frame?.opcode == .binary)
            #expect(try decoder.next() == nil)
        }
        #expect(
            SSMWebSocketFrame(fin: true, opcode: .binary, payload: [UInt8](repeating: 0, count: 126)).encoded(mask: nil)
                .prefix(4) == [0x82, 126, 0, 126])
    }

    @Test func decodesByteByByte() throws {
        let frames = [
            SSMWebSocketFrame(fin: false, opcode: .binary, payload: Array("ab".utf8)),
            SSMWebSocketFrame(fin: true, opcode: .ping, payload: Array("p".utf8)),
            SSMWebSocketFrame(fin: true, opcode: .continuation, payload: [UInt8](repeating: 7, count: 300)),
        ]
        let stream = frames.flatMap { $0.encoded(mask: nil) }
        var decoder = SSMWebSocketFrameDecoder()
        var decoded: [SSMWebSocketFrame] = []
        for byte in stream {
            decoder.append([byte])
            while let frame = try decoder.next() { decoded.append(frame) }
        }
        #expect(decoded == frames)
    }

    @Test func rejectsWhatTheRFCForbids() {
        var reserved = SSMWebSocketFrameDecoder()
        reserved.append([0xC2, 0x00])
        #expect(throws: SSMWebSocketProtocolError.self) { try reserved.next() }
        var longPing = SSMWebSocketFrameDecoder()
        longPing.append([0x89, 126, 0, 200])
        #expect(throws: SSMWebSocketProtocolError.self) { try longPing.next() }
        var fragmentedClose = SSMWebSocketFrameDecoder()
        fragmentedClose.append([0x08, 0x00])
        #expect(throws: SSMWebSocketProtocolError.self) { try fragmentedClose.next() }
        var huge = SSMWebSocketFrameDecoder(maximumPayload: 1000)
        huge.append([0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(throws: SSMWebSocketProtocolError.self) { try huge.next() }
        var opcode = SSMWebSocketFrameDecoder()
        opcode.append([0x83, 0x00])
        #expect(throws: SSMWebSocketProtocolError.self) { try opcode.next() }
    }

    @Test func acceptValueMatchesTheRFCExample() {
        #expect(SSMWebSocketHandshake.acceptValue(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func upgradeRequestAndValidation() throws {
        let url = try SSMStreamURL(
            "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe&cell-number=AA%3D%3D")
        let handshake = SSMWebSocketHandshake(url: url, keyBytes: Array("the sample nonce".utf8))
        #expect(handshake.key == "dGhlIHNhbXBsZSBub25jZQ==")
        let request = String(decoding: handshake.request(), as: UTF8.self)
        #expect(request.hasPrefix("GET /v1/data-channel/s-1?role=publish_subscribe&cell-number=AA%3D%3D HTTP/1.1\r\n"))
        #expect(request.contains("\r\nHost: ssmmessages.us-east-1.amazonaws.com\r\n"))
        #expect(request.contains("\r\nSec-WebSocket-Version: 13\r\n"))
        #expect(!request.lowercased().contains("authorization"))
        #expect(request.hasSuffix("\r\n\r\n"))
        let good =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        try handshake.validate(responseHead: good)
        #expect(throws: SSMWebSocketProtocolError.self) {
            try handshake.validate(responseHead: "HTTP/1.1 403 Forbidden\r\nContent-Length: 0")
        }
        #expect(throws: SSMWebSocketProtocolError.self) {
            try handshake.validate(responseHead: good.replacingOccurrences(of: "s3pP", with: "AAAA"))
        }
    }

    @Test func parsesStreamURLs() throws {
        let plain = try SSMStreamURL("ws://127.0.0.1:8080/x?y=1")
        #expect(plain == SSMStreamURL(isSecure: false, host: "127.0.0.1", port: 8080, requestTarget: "/x?y=1"))
        #expect(plain.hostHeader == "127.0.0.1:8080")
        let secure = try SSMStreamURL("wss://example.com")
        #expect(secure.port == 443 && secure.requestTarget == "/" && secure.hostHeader == "example.com")
        let v6 = try SSMStreamURL("ws://[::1]:9/")
        #expect(v6.host == "::1" && v6.hostHeader == "[::1]:9")
        #expect(throws: CoreError.self) { try SSMStreamURL("https://example.com/") }
        #expect(throws: CoreError.self) { try SSMStreamURL("not a url") }
    }
}
