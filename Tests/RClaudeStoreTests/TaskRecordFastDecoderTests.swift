import Foundation
import RClaudeCore
import Testing

@testable import RClaudeStore

/// The fast decoder must read every record exactly as `JSONDecoder` does, and hand back (`nil`)
/// everything it does not read exactly.
@Suite struct TaskRecordFastDecoderTests {
    func fast(_ bytes: [UInt8]) -> TaskRecord? {
        bytes.withUnsafeBufferPointer { TaskRecordFastDecoder.decode($0) }
    }

    func fast(_ text: String) -> TaskRecord? { fast(Array(text.utf8)) }

    func reference(_ bytes: [UInt8]) -> TaskRecord? {
        try? RecordGenerator.decoder.decode(TaskRecord.self, from: Data(bytes))
    }

    /// Both records and their encodings (the bytes the cache would write back) are equal.
    func expectIdentical(_ a: TaskRecord, _ b: TaskRecord, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a == b, sourceLocation: sourceLocation)
        #expect(try RecordGenerator.encode(a) == RecordGenerator.encode(b), sourceLocation: sourceLocation)
    }

    /// A minimal current-version record as text, with `extra` spliced in before the closing brace.
    func minimal(_ extra: String = "", usage: String = #"{"cacheCreationInputTokens":0,"cacheReadInputTokens":0,"inputTokens":1,"outputTokens":2}"#) -> String {
        #"{"agent":"shell","createdAt":1700000000.25,"environmentKeys":[],"followUps":[],"id":"0123456789ab","#
            + #""options":{"allowedTools":[],"interactive":false},"prompt":"p","provider":"local","schemaVersion":1,"#
            + #""status":"queued","turns":0,"usage":\#(usage),"workspaceSpec":{"managed":{}}\#(extra)}"#
    }

    // MARK: - Same results as JSONDecoder

    @Test func generatedRecordsDecodeIdentically() throws {
        var generator = RecordGenerator(seed: 1)
        for _ in 0..<3000 {
            let record = generator.record()
            let bytes = try RecordGenerator.encode(record)
            let decoded = try #require(fast(bytes), "the fast decoder reads what the cache writes: \(String(decoding: bytes, as: UTF8.self))")
            try expectIdentical(decoded, try #require(reference(bytes)))
            try expectIdentical(decoded, record)
        }
    }

    @Test func unsortedKeysAndWhitespaceDecodeIdentically() throws {
        var generator = RecordGenerator(seed: 2)
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        pretty.dateEncodingStrategy = .secondsSince1970
        for _ in 0..<500 {
            let record = generator.record()
            let bytes = Array(try pretty.encode(record))
            try expectIdentical(try #require(fast(bytes)), try #require(reference(bytes)))
        }
    }

    @Test func unicodeEscapesDecodeIdentically() throws {
        var generator = RecordGenerator(seed: 3)
        for _ in 0..<500 {
            let record = generator.record()
            let bytes = Self.escapingEverything(try RecordGenerator.encode(record))
            let decoded = try #require(fast(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            try expectIdentical(decoded, try #require(reference(bytes)))
            try expectIdentical(decoded, record)
        }
    }

    @Test func specialStringsDecodeIdentically() throws {
        let strings = [
            #"\u0000"#, #"\ud83d\ude42"#, #"\uD834\uDD1E"#, #"\u00e9\u0301"#, #"\/\/"#, #"\b\f\n\r\t"#, #"\"\\"#,
            #"\u2028\u2029"#, #"\uFEFF"#, #"\uffff"#, "日本語", "🙂", "\u{7F}", "",
        ]
        for string in strings {
            let text = minimal().replacingOccurrences(of: #""prompt":"p""#, with: #""prompt":"\#(string)""#)
            try expectIdentical(try #require(fast(text), "\(string)"), try #require(reference(Array(text.utf8))))
        }
    }

    @Test func numbersDecodeIdentically() throws {
        let dates = [
            "0", "-0", "-0.0", "1", "1.5", "1700000000", "1790000000.0", "1732512345.1234567", "0.1", "0.0123",
            "1e3", "1E+3", "1.5e-3", "123456789012345678901234567890", "4.9e-324", "1.7976931348623157e308",
            "2.2250738585072014e-308", "0.30000000000000004", "9007199254740993", "9007199254740992.5",
            "1e22", "1e23", "-1e-22", "1.000000000000000000001",
        ]
        for text in dates {
            let json = minimal(#","costUSD":\#(text),"startedAt":\#(text)"#)
            try expectIdentical(try #require(fast(json), "\(text)"), try #require(reference(Array(json.utf8))))
        }
        var generator = RecordGenerator(seed: 4)
        for _ in 0..<5000 {
            let value = Double(bitPattern: generator.random.next())
            guard value.isFinite else { continue }
            let json = minimal(#","costUSD":\#(value.description.replacingOccurrences(of: "+", with: ""))"#)
            try expectIdentical(try #require(fast(json), "\(value)"), try #require(reference(Array(json.utf8))))
        }
        for text in ["0", "-0", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808"] {
            let json = minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":\#(text)"#)
            try expectIdentical(try #require(fast(json), "\(text)"), try #require(reference(Array(json.utf8))))
        }
    }

    @Test func missingAndNullOptionalFieldsDecodeIdentically() throws {
        let optionalKeys = [
            "workspacePath", "branch", "reason", "startedAt", "endedAt", "exitCode", "costUSD", "agentSessionID",
            "supervisorPID", "agentProcessGroup", "cancelRequestedAt", "baseCommit", "restartCount",
        ]
        let plain = try #require(fast(minimal()))
        try expectIdentical(plain, try #require(reference(Array(minimal().utf8))))
        #expect(plain.workspacePath == nil && plain.exitCode == nil && plain.cancelRequestedAt == nil)
        let nulls = minimal(optionalKeys.map { #","\#($0)":null"# }.joined())
        try expectIdentical(try #require(fast(nulls)), plain)
        let nullOptions = minimal().replacingOccurrences(
            of: #""options":{"allowedTools":[],"interactive":false}"#,
            with: #""options":{"allowedTools":null,"baseRef":null,"interactive":null,"labels":null,"maxTurns":null,"model":null,"permissionMode":null,"restartOnFailure":null}"#)
        try expectIdentical(try #require(fast(nullOptions)), try #require(reference(Array(nullOptions.utf8))))
        let emptyOptions = minimal().replacingOccurrences(
            of: #""options":{"allowedTools":[],"interactive":false}"#, with: #""options":{ }"#)
        try expectIdentical(try #require(fast(emptyOptions)), try #require(reference(Array(emptyOptions.utf8))))
    }

    /// A field added to `TaskRecord` must be taught to the fast decoder, or every record that has
    /// it would quietly take the slow path.
    @Test func fastDecoderKnowsEveryFieldTheRecordWrites() throws {
        var generator = RecordGenerator(seed: 6)
        var record = generator.record()
        record.workspacePath = "/w"
        record.branch = "b"
        record.reason = "r"
        record.startedAt = Date(timeIntervalSince1970: 1)
        record.endedAt = Date(timeIntervalSince1970: 2)
        record.exitCode = 3
        record.costUSD = 4
        record.agentSessionID = "s"
        record.supervisorPID = 5
        record.agentProcessGroup = 6
        record.cancelRequestedAt = Date(timeIntervalSince1970: 7)
        record.options = TaskOptions(
            model: "m", permissionMode: "p", allowedTools: ["t"], maxTurns: 8, interactive: true, labels: ["l"],
            restartOnFailure: 2, baseRef: "main")
        record.baseCommit = "abc"
        record.restartCount = 1
        record.pendingPermission = PermissionRequest(
            requestID: "q", toolName: "Bash", summary: "make", input: "{}", requestedAt: Date(timeIntervalSince1970: 9))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try RecordGenerator.encode(record))) as? [String: Any])
        #expect(Set(object.keys) == Set(TaskRecordFastDecoder.Field.allCases.map { "\($0)" }))
        let options = try #require(object["options"] as? [String: Any])
        #expect(
            Set(options.keys) == [
                "model", "permissionMode", "allowedTools", "maxTurns", "interactive", "labels", "restartOnFailure", "baseRef",
            ])
        let usage = try #require(object["usage"] as? [String: Any])
        #expect(Set(usage.keys) == ["inputTokens", "outputTokens", "cacheReadInputTokens", "cacheCreationInputTokens"])
        // A pending permission request is handed to JSONDecoder; without one the fast path reads it all.
        #expect(fast(try RecordGenerator.encode(record)) == nil)
        record.pendingPermission = nil
        try expectIdentical(try #require(fast(try RecordGenerator.encode(record))), record)
    }

    // MARK: - Handing back what it does not read

    /// Valid records the fast decoder leaves to `JSONDecoder`; the cache still reads them the same.
    @Test func unusualButValidRecordsFallBackAndStillDecodeIdentically() throws {
        let cases = [
            minimal(#","addedByANewerBuild":{"nested":[1,2,{"x":null}]}"#),
            minimal(#","prompt":"second""#),
            minimal().replacingOccurrences(of: #""prompt""#, with: #""pr\u006fmpt""#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":0.0"#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":1e2"#),
            minimal().replacingOccurrences(of: #""interactive":false"#, with: #""interactive":false,"extra":1"#),
            minimal().replacingOccurrences(of: #"{"managed":{}}"#, with: #"{"managed":{"extra":true}}"#),
            minimal().replacingOccurrences(of: #""outputTokens":2"#, with: #""outputTokens":2,"more":3"#),
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            #expect(fast(bytes) == nil, "\(text)")
            guard let expected = reference(bytes) else { continue }
            let (decoded, migrated) = try TaskRecordMigrator.decode(bytes, decoder: RecordGenerator.decoder)
            #expect(!migrated)
            try expectIdentical(decoded, expected)
        }
    }

    @Test func otherSchemaVersionsFallBack() throws {
        for version in ["0", "2", "99", "-1", "1.0"] {
            #expect(fast(minimal().replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":\#(version)"#)) == nil)
        }
        #expect(fast(minimal().replacingOccurrences(of: #""schemaVersion":1,"#, with: "")) == nil)
        #expect(throws: CoreError.self) {
            try TaskRecordMigrator.decode(
                Array(minimal().replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":99"#).utf8),
                decoder: RecordGenerator.decoder)
        }
    }

    @Test func invalidDocumentsAreNeverAccepted() throws {
        let cases: [String] = [
            "", " ", "{", "}", "[]", "null", minimal() + "x", minimal() + "{}", String(minimal().dropLast()),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":00"#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":-"#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":"0""#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":null"#),
            minimal().replacingOccurrences(of: #""turns":0"#, with: #""turns":99999999999999999999"#),
            minimal().replacingOccurrences(of: #"1700000000.25"#, with: "1700000000."),
            minimal().replacingOccurrences(of: #"1700000000.25"#, with: ".25"),
            minimal().replacingOccurrences(of: #"1700000000.25"#, with: "1e"),
            minimal().replacingOccurrences(of: #"1700000000.25"#, with: "1e999"),
            minimal().replacingOccurrences(of: #"1700000000.25"#, with: "NaN"),
            minimal().replacingOccurrences(of: #""p""#, with: #""\ud83d""#),
            minimal().replacingOccurrences(of: #""p""#, with: #""\ude42""#),
            minimal().replacingOccurrences(of: #""p""#, with: #""\x""#),
            minimal().replacingOccurrences(of: #""p""#, with: #""\u12""#),
            minimal().replacingOccurrences(of: #""p""#, with: "\"a\u{01}b\""),
            minimal().replacingOccurrences(of: #""p""#, with: "\"tab\there\""),
            minimal().replacingOccurrences(of: #""shell""#, with: #""robot""#),
            minimal().replacingOccurrences(of: #""queued""#, with: #""paused""#),
            minimal().replacingOccurrences(of: #""0123456789ab""#, with: #""NOT-HEX""#),
            minimal().replacingOccurrences(of: #""interactive":false"#, with: #""interactive":0"#),
            minimal().replacingOccurrences(of: #","inputTokens":1"#, with: ""),
            minimal().replacingOccurrences(of: #"{"managed":{}}"#, with: #"{}"#),
            minimal().replacingOccurrences(of: #"{"managed":{}}"#, with: #"{"managed":{},"directory":{"path":"x"}}"#),
            minimal().replacingOccurrences(of: #"{"managed":{}}"#, with: #"{"elsewhere":{}}"#),
            minimal().replacingOccurrences(of: #""followUps":[]"#, with: #""followUps":[1]"#),
            minimal().replacingOccurrences(of: #""followUps":[]"#, with: #""followUps":["a",]"#),
            minimal().replacingOccurrences(of: #","turns":0"#, with: #",,"turns":0"#),
            minimal(#","exitCode":2147483648"#),
            minimal(#","supervisorPID":-2147483649"#),
        ]
        for text in cases {
            #expect(fast(text) == nil, "\(text)")
        }
        // Invalid UTF-8 inside a string: a stray byte, and a sequence cut short by the closing quote.
        for bad: [UInt8] in [[0xFF], [0xC3], [0xE6, 0x97], [0xED, 0xA0, 0x80]] {
            var bytes: [UInt8] = []
            for byte in minimal().replacingOccurrences(of: #""prompt":"p""#, with: #""prompt":"p~""#).utf8 {
                if byte == UInt8(ascii: "~") { bytes += bad } else { bytes.append(byte) }
            }
            #expect(fast(bytes) == nil, "\(bad)")
        }
    }

    /// Random damage to valid records: whatever the fast decoder accepts, `JSONDecoder` accepts
    /// with the same result.
    @Test func damagedBytesAreAcceptedOnlyWhenJSONDecoderAgrees() throws {
        var generator = RecordGenerator(seed: 5)
        let interesting: [UInt8] = Array(#"{}[]",:\/0123456789.-+eEnulltruefalse u"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        var accepted = 0
        for _ in 0..<4000 {
            var bytes = try RecordGenerator.encode(generator.record())
            for _ in 0..<Int.random(in: 1...3, using: &generator.random) {
                let at = Int.random(in: 0..<bytes.count, using: &generator.random)
                let byte = interesting[Int.random(in: 0..<interesting.count, using: &generator.random)]
                switch Int.random(in: 0..<3, using: &generator.random) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            guard let decoded = fast(bytes) else { continue }
            accepted += 1
            let expected = try #require(reference(bytes), "accepted what JSONDecoder rejects: \(String(decoding: bytes, as: UTF8.self))")
            try expectIdentical(decoded, expected)
        }
        #expect(accepted > 100, "some damage (inside strings, in digits) leaves a valid record")
    }

    // MARK: - Helpers

    /// Rewrites every non-ASCII character inside the JSON text as `\uXXXX` escapes (UTF-16, so
    /// astral characters become surrogate pairs) and every `/` as `\/`.
    static func escapingEverything(_ bytes: [UInt8]) -> [UInt8] {
        var out = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.value >= 0x80 {
                for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
            } else if scalar == "/" {
                out += "\\/"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return Array(out.utf8)
    }
}
