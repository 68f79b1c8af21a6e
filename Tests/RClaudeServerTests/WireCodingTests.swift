import Foundation
import RClaudeCore
import RClaudeRemote
import Testing

/// The wire formats: dates, stream control messages and output frames.
@Suite struct WireCodingTests {
    struct Stamp: Codable, Equatable { var at: Date }

    @Test func datesAreISO8601UTCWithMillisecondsAndBothFormsDecode() throws {
        let date = Date(timeIntervalSince1970: 1_764_000_000.25)
        let text = String(decoding: try WireCoding.encoder().encode(Stamp(at: date)), as: UTF8.self)
        #expect(text == #"{"at":"2025-11-24T16:00:00.250Z"}"#)
        let back = try WireCoding.decoder().decode(Stamp.self, from: Data(text.utf8))
        #expect(abs(back.at.timeIntervalSince(date)) < 0.001)
        let whole = try WireCoding.decoder().decode(Stamp.self, from: Data(#"{"at":"2025-11-24T16:00:00Z"}"#.utf8))
        #expect(whole.at == Date(timeIntervalSince1970: 1_764_000_000))
        #expect(throws: DecodingError.self) { try WireCoding.decoder().decode(Stamp.self, from: Data(#"{"at":"yesterday"}"#.utf8)) }
    }

    @Test func outputFramesCarryTheirOffset() throws {
        let chunk = OutputChunk(offset: 0x0102_0304_0506_0708, bytes: Array("hi".utf8))
        let frame = OutputFrame.encode(chunk)
        #expect(frame == [1, 2, 3, 4, 5, 6, 7, 8, 0x68, 0x69])
        #expect(try OutputFrame.decode(frame) == chunk)
        #expect(throws: CoreError.self) { try OutputFrame.decode([1, 2, 3]) }
    }

    @Test func controlMessagesRoundTripAndBadOnesSayWhy() throws {
        let messages: [StreamControl] = [
            .truncated(resumeAt: 42), .end(offset: 7, count: nil), .end(offset: nil, count: 3),
            .resize(TerminalSize(rows: 40, cols: 120)), .error(APIErrorBody(code: "notFound", message: "gone")),
            .event(index: 2, event: .error(AgentError(message: "boom"))),
        ]
        for message in messages { #expect(try StreamControl.decode(message.encoded()) == message) }
        for (bad, why) in [
            ("not json", "unreadable"), (#"{"type":"dance"}"#, "unknown"), (#"{"type":"resize","rows":0,"cols":5}"#, "between 1 and 1000"),
            (#"{"type":"truncated"}"#, "resumeAt"),
        ] {
            do {
                _ = try StreamControl.decode(bad)
                Issue.record("\(bad) was accepted")
            } catch let error as CoreError {
                #expect(error.message.contains(why), "\(bad): \(error.message)")
            }
        }
    }

    @Test func reconnectDelaysDoubleUpToTheMaximum() {
        let policy = ReconnectPolicy(initial: .milliseconds(100), maximum: .seconds(5))
        #expect((0..<8).map { policy.baseDelay(attempt: $0) } == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600),
            .milliseconds(3200), .seconds(5), .seconds(5),
        ])
        for attempt in 0..<10 {
            let delay = policy.delay(attempt: attempt)
            #expect(delay >= policy.baseDelay(attempt: attempt) * 0.8 && delay <= policy.baseDelay(attempt: attempt) * 1.2)
        }
    }
}
