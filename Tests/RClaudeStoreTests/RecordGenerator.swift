import Foundation
import RClaudeCore

/// Generates varied task records from a seed, for comparing decoders.
struct RecordGenerator {
    /// SplitMix64: small, seeded, good enough for test data.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(state: seed)
    }

    /// The encoder the cache writes with.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    /// The decoder the cache falls back to.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    // MARK: - Values

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// Text mixing ASCII, JSON's special characters, control characters, multi-byte and astral
    /// characters, combining marks and the characters JSON encoders like to escape.
    mutating func text(maxLength: Int = 40) -> String {
        let pieces: [String] = [
            "a", "Z", "0", " ", "fix the flaky test", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}",
            "\u{01}", "\u{1F}", "\u{7F}", "\u{00}", "é", "e\u{301}", "ß", "日本語", "🙂", "👩‍💻", "𝄞", "\u{2028}",
            "\u{2029}", "\u{FEFF}", "\u{FFFD}", "<", ">", "&", "'", "{}", "[]", ":", ",", "\u{10FFFF}", "Ω",
        ]
        let count = Int.random(in: 0...maxLength, using: &random)
        var result = ""
        for _ in 0..<count { result += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
        return result
    }

    mutating func optionalText() -> String? { chance(50) ? text() : nil }

    /// Seconds since 1970: whole, with few decimals, with full sub-microsecond noise, negative, tiny.
    mutating func seconds() -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return Double(Int.random(in: 0...2_000_000_000, using: &random))
        case 1: return Double(Int.random(in: 1_600_000_000...1_900_000_000, using: &random)) + 0.25
        case 2: return Date(timeIntervalSince1970: 1_700_000_000).timeIntervalSince1970 + Double.random(in: 0..<1e8, using: &random)
        case 3: return -Double.random(in: 0..<1e9, using: &random)
        case 4: return Double.random(in: 0..<1, using: &random) * 1e-7
        default: return Double(Int.random(in: 0...999_999, using: &random)) / 1000
        }
    }

    mutating func date() -> Date { Date(timeIntervalSince1970: seconds()) }

    mutating func cost() -> Double {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return 0
        case 1: return Double(Int.random(in: 0...100_000, using: &random)) / 10_000
        case 2: return Double.random(in: 0..<50, using: &random)
        case 3: return Double.random(in: 1e-300..<1e-290, using: &random)
        default: return Double.random(in: 1e20..<1e300, using: &random)
        }
    }

    mutating func int32() -> Int32 {
        [Int32.min, Int32.max, 0, -1, 1, Int32.random(in: Int32.min...Int32.max, using: &random)][
            Int.random(in: 0..<6, using: &random)]
    }

    mutating func count() -> Int {
        chance(20) ? [0, 1, Int.max, Int.min, 999_999_999_999_999_999][Int.random(in: 0..<5, using: &random)]
            : Int.random(in: 0...10_000_000, using: &random)
    }

    mutating func list() -> [String] { (0..<Int.random(in: 0...4, using: &random)).map { _ in text(maxLength: 8) } }

    // MARK: - Records

    /// A random record of the current schema, optional fields present or absent at random.
    mutating func record() -> TaskRecord {
        let workspaces: [WorkspaceSpec] = [.managed, .directory(path: text()), .gitWorktree(repository: text())]
        let options = TaskOptions(
            model: optionalText(), permissionMode: optionalText(), allowedTools: list(),
            maxTurns: chance(50) ? count() : nil, interactive: chance(50), labels: list(),
            restartOnFailure: chance(30) ? count() : nil, baseRef: optionalText())
        let spec = TaskSpec(
            prompt: text(maxLength: 200), agent: AgentKind.allCases.randomElement(using: &random) ?? .claude,
            provider: chance(80) ? "local" : text(), workspace: workspaces[Int.random(in: 0..<3, using: &random)],
            options: options)
        var record = TaskRecord(id: TaskID.random(using: &random), spec: spec, createdAt: date())
        record.followUps = list()
        record.workspacePath = optionalText()
        record.branch = optionalText()
        record.status = TaskStatus.allCases.randomElement(using: &random) ?? .queued
        record.reason = optionalText()
        record.startedAt = chance(50) ? date() : nil
        record.endedAt = chance(50) ? date() : nil
        record.exitCode = chance(50) ? int32() : nil
        record.costUSD = chance(50) ? cost() : nil
        record.turns = count()
        record.usage = TokenUsage(
            inputTokens: count(), outputTokens: count(), cacheReadInputTokens: count(), cacheCreationInputTokens: count())
        record.agentSessionID = optionalText()
        record.supervisorPID = chance(50) ? int32() : nil
        record.agentProcessGroup = chance(50) ? int32() : nil
        record.cancelRequestedAt = chance(30) ? date() : nil
        record.environmentKeys = list()
        record.baseCommit = optionalText()
        record.restartCount = chance(30) ? count() : nil
        return record
    }

    /// The bytes the cache writes for `record`.
    static func encode(_ record: TaskRecord) throws -> [UInt8] {
        Array(try encoder.encode(record)) + [0x0A]
    }
}
