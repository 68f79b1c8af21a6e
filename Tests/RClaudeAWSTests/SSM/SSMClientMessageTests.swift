import Foundation
import Testing

@testable import RClaudeAWS

/// The `ClientMessage` codec: golden bytes built by hand from the spec, checks, and round trips.
@Suite struct SSMClientMessageTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
    }

    /// PROTOCOLS.md §6.3's worked example: a size message, seq 0, 1700000000000 ms,
    /// id dd01e56b-ff48-483e-a508-b5f073f31b16, payload {"cols":120,"rows":40}.
    static let golden = hex(
        """
        00 00 00 74 69 6e 70 75 74 5f 73 74 72 65 61 6d
        5f 64 61 74 61 20 20 20 20 20 20 20 20 20 20 20
        20 20 20 20 00 00 00 01 00 00 01 8b cf e5 68 00
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
        a5 08 b5 f0 73 f3 1b 16 dd 01 e5 6b ff 48 48 3e
        ed f7 35 9c 89 07 7b 60 8a 6b 3e 8b 19 e6 3b bf
        c7 aa 72 49 89 a0 5e a3 71 a9 96 6a 6e 9d b7 cc
        00 00 00 03 00 00 00 16 7b 22 63 6f 6c 73 22 3a
        31 32 30 2c 22 72 6f 77 73 22 3a 34 30 7d
        """)

    static let goldenID = UUID(uuidString: "dd01e56b-ff48-483e-a508-b5f073f31b16") ?? UUID()

    static let sizeMessage = SSMClientMessage(
        messageType: .inputStreamData, createdDate: 1_700_000_000_000, sequenceNumber: 0, flags: 0,
        messageID: goldenID, payloadType: .size, payload: Array(#"{"cols":120,"rows":40}"#.utf8))

    @Test func encodesTheWorkedExampleByteForByte() {
        #expect(Self.golden.count == 142)
        #expect(Self.sizeMessage.encoded() == Self.golden)
    }

    @Test func decodesTheWorkedExample() throws {
        let message = try SSMClientMessage(decoding: Self.golden)
        #expect(message == Self.sizeMessage)
        #expect(message.messageType.rawValue == "input_stream_data")
        #expect(message.payloadType == .size)
    }

    @Test func sizePayloadMatchesThePluginsJSON() {
        let bytes = SSMDataChannelStateMachine.sizePayload(rows: 40, cols: 120)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"cols":120,"rows":40}"#)
    }

    @Test func messageIDHalvesAreSwappedOnTheWire() {
        let wire = SSMClientMessage.wireBytes(of: Self.goldenID)
        #expect(wire == Self.hex("a5 08 b5 f0 73 f3 1b 16 dd 01 e5 6b ff 48 48 3e"))
        #expect(SSMClientMessage.uuid(fromWire: wire) == Self.goldenID)
    }

    /// An acknowledge message laid out by hand: type padded with spaces, seq 0, flags 3,
    /// payload type 0, and the plugin's JSON with its key order.
    @Test func encodesAnAcknowledgementByHandLayout() throws {
        let ackedID = UUID(uuidString: "11223344-5566-7788-99aa-bbccddeeff00") ?? UUID()
        let ackID = UUID(uuidString: "00000000-0000-4000-8000-000000000001") ?? UUID()
        let acked = SSMClientMessage(
            messageType: .outputStreamData, createdDate: 5, sequenceNumber: 7, messageID: ackedID, payloadType: .output,
            payload: [0x41])
        let content = SSMAcknowledgeContent(acknowledging: acked)
        let json =
            #"{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"11223344-5566-7788-99aa-bbccddeeff00","AcknowledgedMessageSequenceNumber":7,"IsSequentialMessage":true}"#
        #expect(String(decoding: content.json(), as: UTF8.self) == json)

        let ack = SSMClientMessage(
            messageType: .acknowledge, createdDate: 0x0102_0304_0506_0708, sequenceNumber: 0, flags: 3,
            messageID: ackID,
            payloadType: .none, payload: Array(json.utf8))
        var expected: [UInt8] = [0, 0, 0, 116]
        expected += Array("acknowledge".utf8) + [UInt8](repeating: 0x20, count: 21)
        expected += [0, 0, 0, 1]
        expected += [1, 2, 3, 4, 5, 6, 7, 8]
        expected += [UInt8](repeating: 0, count: 8)
        expected += [0, 0, 0, 0, 0, 0, 0, 3]
        expected += [0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0]
        expected += AWSCrypto.sha256(Array(json.utf8))
        expected += [0, 0, 0, 0]
        let length = UInt32(json.utf8.count)
        expected += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        expected += Array(json.utf8)
        #expect(ack.encoded() == expected)
        let decoded = try SSMClientMessage(decoding: expected)
        #expect(decoded.flags == 3 && decoded.sequenceNumber == 0 && decoded.payloadType == .none)
    }

    @Test func negativeSequenceNumbersRoundTrip() throws {
        var message = Self.sizeMessage
        message.sequenceNumber = -2
        let bytes = message.encoded()
        #expect(Array(bytes[48..<56]) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE])
        #expect(try SSMClientMessage(decoding: bytes).sequenceNumber == -2)
    }

    // MARK: - Errors

    @Test func rejectsEveryTruncation() {
        for length in 0..<Self.golden.count {
            #expect(throws: SSMMessageError.self) { try SSMClientMessage(decoding: Array(Self.golden.prefix(length))) }
        }
    }

    @Test func shortInputIsTruncated() {
        #expect(throws: SSMMessageError.truncated(length: 10, needed: 120)) {
            try SSMClientMessage(decoding: Array(Self.golden.prefix(10)))
        }
    }

    @Test func rejectsATamperedPayload() {
        var bytes = Self.golden
        bytes[125] ^= 0x01
        #expect(throws: SSMMessageError.digestMismatch(messageType: "input_stream_data", sequenceNumber: 0)) {
            try SSMClientMessage(decoding: bytes)
        }
        #expect((try? SSMClientMessage(decoding: bytes, verifyingDigest: false)) != nil)
    }

    @Test func rejectsATamperedDigest() {
        var bytes = Self.golden
        bytes[80] ^= 0xFF
        #expect(throws: SSMMessageError.self) { try SSMClientMessage(decoding: bytes) }
    }

    @Test func rejectsAZeroHeaderLength() {
        var bytes = Self.golden
        bytes[3] = 0
        #expect(throws: SSMMessageError.invalidHeaderLength(0)) { try SSMClientMessage(decoding: bytes) }
    }

    @Test func rejectsALengthMismatch() {
        var bytes = Self.golden
        bytes[119] = 0x17
        #expect(throws: SSMMessageError.payloadLengthMismatch(declared: 23, actual: 22)) {
            try SSMClientMessage(decoding: bytes)
        }
        #expect(throws: SSMMessageError.payloadLengthMismatch(declared: 22, actual: 23)) {
            try SSMClientMessage(decoding: Self.golden + [0])
        }
    }

    @Test func rejectsAMissingTypeOrDate() {
        var blankType = Self.golden
        for index in 4..<36 { blankType[index] = 0x20 }
        #expect(throws: SSMMessageError.missingMessageType) { try SSMClientMessage(decoding: blankType) }
        var noDate = Self.golden
        for index in 40..<48 { noDate[index] = 0 }
        #expect(throws: SSMMessageError.missingCreatedDate(messageType: "input_stream_data")) {
            try SSMClientMessage(decoding: noDate)
        }
    }

    @Test func publicationMessagesSkipTheChecks() throws {
        var pause = SSMClientMessage(
            messageType: .pausePublication, createdDate: 0, sequenceNumber: 0, messageID: UUID(), payloadType: .none,
            payload: [1, 2, 3])
        var bytes = pause.encoded()
        bytes[80] ^= 0xFF  // wrong digest, zero date: accepted, as the plugin does
        pause = try SSMClientMessage(decoding: bytes)
        #expect(pause.messageType == .pausePublication)
    }

    @Test func typeFieldAcceptsNULPadding() throws {
        var bytes = Self.golden
        for index in 21..<36 { bytes[index] = 0 }
        #expect(try SSMClientMessage(decoding: bytes).messageType == .inputStreamData)
    }

    @Test func errorsReadAsSentences() {
        #expect(
            SSMMessageError.digestMismatch(messageType: "output_stream_data", sequenceNumber: 4).description
                == "SSM data-channel output_stream_data frame #4 fails its SHA-256 payload digest check")
    }

    // MARK: - Fuzz-ish

    /// A SplitMix64 generator, so failures replay.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomMessagesRoundTrip() throws {
        var random = SeededGenerator(state: 42)
        let types: [SSMMessageType] = [
            .inputStreamData, .outputStreamData, .acknowledge, .channelClosed, SSMMessageType("x"),
        ]
        for _ in 0..<500 {
            let payload = (0..<Int.random(in: 0...300, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            let bytes16 = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            let id = UUID(
                uuid: (
                    bytes16[0], bytes16[1], bytes16[2], bytes16[3], bytes16[4], bytes16[5], bytes16[6], bytes16[7],
                    bytes16[8], bytes16[9], bytes16[10], bytes16[11], bytes16[12], bytes16[13], bytes16[14], bytes16[15]
                ))
            let message = SSMClientMessage(
                messageType: types[Int.random(in: 0..<types.count, using: &random)],
                schemaVersion: UInt32.random(in: 0...3, using: &random),
                createdDate: UInt64.random(in: 1...UInt64.max, using: &random),
                sequenceNumber: Int64.random(in: Int64.min...Int64.max, using: &random),
                flags: UInt64.random(in: 0...3, using: &random), messageID: id,
                payloadType: SSMPayloadType(UInt32.random(in: 0...20, using: &random)), payload: payload)
            let encoded = message.encoded()
            #expect(encoded.count == 120 + payload.count)
            #expect(try SSMClientMessage(decoding: encoded) == message)
        }
    }

    @Test func randomGarbageNeverCrashes() {
        var random = SeededGenerator(state: 7)
        var accepted = 0
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...200, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            } else {
                bytes = Self.golden
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                if Bool.random(using: &random) {
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                }
            }
            if (try? SSMClientMessage(decoding: bytes)) != nil { accepted += 1 }
        }
        // Only mutations outside the checked fields (schema version, flags, seq, id, payload
        // type) survive; the point is that nothing traps.
        #expect(accepted < 3000)
    }
}
