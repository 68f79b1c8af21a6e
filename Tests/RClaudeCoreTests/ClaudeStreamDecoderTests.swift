import Foundation
import RClaudeCore
import RClaudeTestSupport
import Testing

@Suite struct ClaudeStreamDecoderTests {
    func decode(_ fixture: String) throws -> [AgentEvent] {
        let bytes = try Fixtures.bytes("Tests/RClaudeCoreTests/Fixtures/claude/\(fixture)")
        var splitter = LineSplitter()
        var decoder = ClaudeStreamDecoder()
        var events: [AgentEvent] = []
        for line in splitter.feed(bytes) { events += decoder.decode(line: line) }
        if let rest = splitter.finish() { events += decoder.decode(line: rest) }
        return events
    }

    @Test func toolUseRunDecodesInitToolPairAndSuccess() throws {
        let events = try decode("cc-2.1.331-mockapi-stream-json-tool-use.jsonl")
        guard case .initialized(let started) = events.first else {
            Issue.record("first event should be init, got \(String(describing: events.first))")
            return
        }
        #expect(started.sessionID == "2c5a003a-ed3d-4bdd-9bcd-0c1b78acf17f")
        #expect(started.tools.contains("Bash"))
        let uses = events.compactMap { if case .toolUse(let u) = $0 { return u } else { return nil } }
        let results = events.compactMap { if case .toolResult(let r) = $0 { return r } else { return nil } }
        #expect(uses.count == 1 && uses[0].name == "Bash")
        #expect(uses[0].keyInput != nil)
        #expect(results.count == 1)
        #expect(results[0].toolUseID == uses[0].id)
        #expect(results[0].toolName == "Bash", "results are paired with their call")
        guard case .result(let result) = events.last else {
            Issue.record("last event should be the result")
            return
        }
        #expect(result.isError == false)
        #expect(result.costUSD != nil)
        #expect(result.turns == 2)
    }

    @Test func apiErrorIsAFailureDespiteSuccessSubtype() throws {
        let events = try decode("cc-2.1.331-mockapi-api-error-400.jsonl")
        guard case .result(let result) = events.last else {
            Issue.record("expected a result")
            return
        }
        #expect(result.subtype == "success")
        #expect(result.isError)
        #expect(result.apiErrorStatus == 400)
        #expect(result.failureReason.contains("400"))
    }

    @Test func maxTurnsReasonComesFromErrors() throws {
        let events = try decode("cc-2.1.331-mockapi-error-max-turns.jsonl")
        guard case .result(let result) = events.last else {
            Issue.record("expected a result")
            return
        }
        #expect(result.isError && result.subtype == "error_max_turns")
        #expect(result.failureReason.contains("maximum number of turns"))
    }

    @Test func retriesAreReportedNotFailures() throws {
        let events = try decode("cc-2.1.331-mockapi-auth-401-api-retry-TRUNCATED.jsonl")
        let retries = events.filter { if case .apiRetry = $0 { return true } else { return false } }
        #expect(!retries.isEmpty)
        #expect(!events.contains { if case .result = $0 { return true } else { return false } })
    }

    @Test func syntheticErrorMessageBecomesError() throws {
        let events = try decode("cc-2.1.220-failure.jsonl")
        #expect(events.contains { if case .error(let e) = $0 { return e.message.contains("model_not_found") } else { return false } })
    }

    @Test func oldSchemaCostFieldIsRead() throws {
        let events = try decode("cc-1.0.x-bash-tools.jsonl")
        guard case .result(let result) = events.last else {
            Issue.record("expected a result")
            return
        }
        #expect(result.costUSD != nil && result.costUSD! > 0)
    }

    @Test func blocksOfOneMessageShareItsID() throws {
        let events = try decode("cc-2.1.220-success_with_tools.jsonl")
        var byMessage: [String: Int] = [:]
        for event in events {
            switch event {
            case .assistantText(let t): if let id = t.messageID { byMessage[id, default: 0] += 1 }
            case .toolUse(let u): if let id = u.messageID { byMessage[id, default: 0] += 1 }
            default: break
            }
        }
        #expect(byMessage.values.contains { $0 > 1 }, "some message should have several blocks")
    }

    @Test(arguments: [
        "cc-1.0.x-bash-tools.jsonl", "cc-1.0.x-edit-tools.jsonl", "cc-2.1.220-failure.jsonl",
        "cc-2.1.220-success_with_subagent.jsonl", "cc-2.1.220-success_with_tools.jsonl",
        "cc-2.1.331-mockapi-include-partial-messages.jsonl", "cc-2.1.331-mockapi-input-stream-json.stdout.jsonl",
        "cc-2.1.331-mockapi-permission-denied.jsonl", "cc-2.1.331-mockapi-resume.jsonl", "cc-2.1.7-basic-query.jsonl",
    ])
    func everyFixtureDecodesAndRoundTripsThroughJSON(_ fixture: String) throws {
        let events = try decode(fixture)
        #expect(!events.isEmpty)
        for event in events {
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(AgentEvent.self, from: data) == event)
        }
    }

    @Test func malformedAndUnknownLinesAreKeptRaw() {
        var decoder = ClaudeStreamDecoder()
        let garbage = decoder.decode(line: Array("{not json".utf8))
        #expect(garbage == [.raw(RawLine(line: "{not json", note: "not a JSON object"))])
        let unknown = decoder.decode(line: Array(#"{"type":"future_thing","x":1}"#.utf8))
        #expect(unknown == [.raw(RawLine(line: #"{"type":"future_thing","x":1}"#, note: "unknown type 'future_thing'"))])
        let invalidUTF8 = decoder.decode(line: [0x7B, 0xFF, 0xFE, 0x7D])
        guard case .raw(let raw) = invalidUTF8.first else {
            Issue.record("expected raw")
            return
        }
        #expect(raw.line.contains("\u{FFFD}"))
        #expect(decoder.decode(line: Array("   ".utf8)).isEmpty)
        let array = decoder.decode(line: Array("[1,2]".utf8))
        #expect(array.count == 1)
    }

    @Test func resultWithoutIsErrorFallsBackToSubtype() {
        var decoder = ClaudeStreamDecoder()
        let events = decoder.decode(line: Array(#"{"type":"result","subtype":"error_during_execution"}"#.utf8))
        guard case .result(let r) = events.first else {
            Issue.record("expected result")
            return
        }
        #expect(r.isError)
    }
}
