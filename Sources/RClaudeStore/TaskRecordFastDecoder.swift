// A hand-written decoder for the current `TaskRecord` schema, used before `JSONDecoder` when the
// cache loads thousands of records.
//
// It reads the bytes once with `JSONByteScanner` and builds the record directly. It handles only
// what it can read exactly as `JSONDecoder` would (the synthesized `Codable` of `TaskRecord` with
// `.secondsSince1970` dates) and returns `nil` for anything else — an unknown or repeated key, an
// escaped key, another schema version, an unusual number or workspace form, any syntax error — so
// the caller decodes that record with `JSONDecoder` and gets its result and its error messages.

import Foundation
import RClaudeCore

/// Decodes current-version task records from JSON bytes without `JSONDecoder`.
enum TaskRecordFastDecoder {
    /// Decodes a record of the current schema version.
    ///
    /// - Parameter bytes: the whole contents of a `task.json`.
    /// - Returns: the record exactly as `JSONDecoder` would decode it, or `nil` when the bytes are
    ///   outside what this decoder reads (decode them with `JSONDecoder` then).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> TaskRecord? {
        var scanner = JSONByteScanner(bytes)
        var fields = Fields()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        if !scanner.consume(UInt8(ascii: "}")) {
            var next = 0
            repeat {
                guard let key = scanner.key(), let found = Field.lookUp(key, in: scanner, from: next),
                    fields.markSeen(found.field), fields.read(found.field, from: &scanner)
                else { return nil }
                next = found.next
            } while scanner.consume(UInt8(ascii: ","))
            guard scanner.consume(UInt8(ascii: "}")) else { return nil }
        }
        guard scanner.isAtEnd() else { return nil }
        return fields.record()
    }

    // MARK: - Fields

    /// The keys of a task record.
    enum Field: Int, CaseIterable {
        case schemaVersion, id, prompt, followUps, agent, provider, workspaceSpec, workspacePath, branch, options
        case status, reason, createdAt, startedAt, endedAt, exitCode, costUSD, turns, usage, agentSessionID
        case supervisorPID, agentProcessGroup, cancelRequestedAt, environmentKeys, pendingPermission
        case baseCommit, restartCount

        /// Every field with its name, in the order of the names (the order rclaude writes them).
        private static let sorted: [(name: [UInt8], field: Field)] = allCases.map { (Array("\($0)".utf8), $0) }
            .sorted { $0.name.lexicographicallyPrecedes($1.name) }

        /// The field whose name is the key at `range`, if any.
        ///
        /// - Parameter start: where in name order to start looking (just after the previous key,
        ///   so keys in rclaude's sorted order are found at the first comparison).
        /// - Returns: the field, and where to start looking for the next key.
        static func lookUp(_ range: Range<Int>, in scanner: JSONByteScanner, from start: Int)
            -> (field: Field, next: Int)?
        {
            let count = sorted.count
            for offset in 0..<count {
                let index = (start + offset) % count
                if scanner.bytes(in: range, equal: sorted[index].name) { return (sorted[index].field, index + 1) }
            }
            return nil
        }
    }

    /// The values read so far.
    private struct Fields {
        var seen: UInt32 = 0
        var schemaVersion: Int?
        var id: TaskID?
        var prompt: String?
        var followUps: [String]?
        var agent: AgentKind?
        var provider: String?
        var workspaceSpec: WorkspaceSpec?
        var workspacePath: String?
        var branch: String?
        var options: TaskOptions?
        var status: TaskStatus?
        var reason: String?
        var createdAt: Date?
        var startedAt: Date?
        var endedAt: Date?
        var exitCode: Int32?
        var costUSD: Double?
        var baseCommit: String?
        var restartCount: Int?
        var turns: Int?
        var usage: TokenUsage?
        var agentSessionID: String?
        var supervisorPID: Int32?
        var agentProcessGroup: Int32?
        var cancelRequestedAt: Date?
        var environmentKeys: [String]?

        /// Records that `field` was seen; `false` if it already was (a repeated key).
        mutating func markSeen(_ field: Field) -> Bool {
            let bit = UInt32(1) << UInt32(field.rawValue)
            guard seen & bit == 0 else { return false }
            seen |= bit
            return true
        }

        /// Reads the value of `field`; `false` when it is not one this decoder reads.
        mutating func read(_ field: Field, from s: inout JSONByteScanner) -> Bool {
            switch field {
            case .schemaVersion:
                schemaVersion = s.integer(Int.self)
                return schemaVersion == TaskRecord.currentSchemaVersion
            case .id:
                id = s.string().flatMap { TaskID($0) }
                return id != nil
            case .prompt:
                prompt = s.string()
                return prompt != nil
            case .followUps:
                followUps = s.stringArray()
                return followUps != nil
            case .agent:
                agent = s.string().flatMap { AgentKind(rawValue: $0) }
                return agent != nil
            case .provider:
                provider = s.string()
                return provider != nil
            case .workspaceSpec:
                workspaceSpec = TaskRecordFastDecoder.workspaceSpec(&s)
                return workspaceSpec != nil
            case .options:
                options = TaskRecordFastDecoder.options(&s)
                return options != nil
            case .status:
                status = s.string().flatMap { TaskStatus(rawValue: $0) }
                return status != nil
            case .createdAt:
                createdAt = s.date()
                return createdAt != nil
            case .turns:
                turns = s.integer(Int.self)
                return turns != nil
            case .usage:
                usage = TaskRecordFastDecoder.usage(&s)
                return usage != nil
            case .environmentKeys:
                environmentKeys = s.stringArray()
                return environmentKeys != nil
            case .workspacePath: return Fields.optional(&s, &workspacePath) { $0.string() }
            case .branch: return Fields.optional(&s, &branch) { $0.string() }
            case .reason: return Fields.optional(&s, &reason) { $0.string() }
            case .agentSessionID: return Fields.optional(&s, &agentSessionID) { $0.string() }
            case .startedAt: return Fields.optional(&s, &startedAt) { $0.date() }
            case .endedAt: return Fields.optional(&s, &endedAt) { $0.date() }
            case .cancelRequestedAt: return Fields.optional(&s, &cancelRequestedAt) { $0.date() }
            case .exitCode: return Fields.optional(&s, &exitCode) { $0.integer(Int32.self) }
            case .supervisorPID: return Fields.optional(&s, &supervisorPID) { $0.integer(Int32.self) }
            case .agentProcessGroup: return Fields.optional(&s, &agentProcessGroup) { $0.integer(Int32.self) }
            case .costUSD: return Fields.optional(&s, &costUSD) { $0.double() }
            case .baseCommit: return Fields.optional(&s, &baseCommit) { $0.string() }
            case .restartCount: return Fields.optional(&s, &restartCount) { $0.integer(Int.self) }
            case .pendingPermission:
                // Rare (a task waiting for its user): only `null` is read here; a request goes
                // through JSONDecoder.
                return s.consumeNull()
            }
        }

        /// Reads an optional value: `null` leaves it `nil`, as `decodeIfPresent` does.
        private static func optional<T>(
            _ s: inout JSONByteScanner, _ target: inout T?, _ read: (inout JSONByteScanner) -> T?
        ) -> Bool {
            if s.consumeNull() { return true }
            target = read(&s)
            return target != nil
        }

        /// The record, if every required field was present.
        func record() -> TaskRecord? {
            guard let schemaVersion, let id, let prompt, let followUps, let agent, let provider, let workspaceSpec,
                let options, let status, let createdAt, let turns, let usage, let environmentKeys
            else { return nil }
            var record = TaskRecord(
                id: id,
                spec: TaskSpec(
                    prompt: prompt, agent: agent, provider: provider, workspace: workspaceSpec, options: options),
                createdAt: createdAt)
            record.schemaVersion = schemaVersion
            record.followUps = followUps
            record.workspacePath = workspacePath
            record.branch = branch
            record.status = status
            record.reason = reason
            record.startedAt = startedAt
            record.endedAt = endedAt
            record.exitCode = exitCode
            record.costUSD = costUSD
            record.turns = turns
            record.usage = usage
            record.agentSessionID = agentSessionID
            record.supervisorPID = supervisorPID
            record.agentProcessGroup = agentProcessGroup
            record.cancelRequestedAt = cancelRequestedAt
            record.environmentKeys = environmentKeys
            record.baseCommit = baseCommit
            record.restartCount = restartCount
            return record
        }
    }

    // MARK: - Nested values

    private static let managedKey = Array("managed".utf8)
    private static let directoryKey = Array("directory".utf8)
    private static let gitWorktreeKey = Array("gitWorktree".utf8)
    private static let pathKey = Array("path".utf8)
    private static let repositoryKey = Array("repository".utf8)

    /// `{"managed":{}}`, `{"directory":{"path":…}}` or `{"gitWorktree":{"repository":…}}`, as the
    /// synthesized `Codable` of `WorkspaceSpec` writes them; other forms are left to `JSONDecoder`.
    private static func workspaceSpec(_ s: inout JSONByteScanner) -> WorkspaceSpec? {
        guard s.consume(UInt8(ascii: "{")), let key = s.key(), s.consume(UInt8(ascii: "{")) else { return nil }
        let spec: WorkspaceSpec
        if s.bytes(in: key, equal: managedKey) {
            spec = .managed
        } else if s.bytes(in: key, equal: directoryKey) {
            guard let inner = s.key(), s.bytes(in: inner, equal: pathKey), let path = s.string() else { return nil }
            spec = .directory(path: path)
        } else if s.bytes(in: key, equal: gitWorktreeKey) {
            guard let inner = s.key(), s.bytes(in: inner, equal: repositoryKey), let repository = s.string() else {
                return nil
            }
            spec = .gitWorktree(repository: repository)
        } else {
            return nil
        }
        return s.consume(UInt8(ascii: "}")) && s.consume(UInt8(ascii: "}")) ? spec : nil
    }

    private static let optionKeys = [
        "model", "permissionMode", "allowedTools", "maxTurns", "interactive", "labels", "restartOnFailure", "baseRef",
    ].map {
        Array($0.utf8)
    }

    /// `TaskOptions`: every key optional, `null` meaning absent (its `init(from:)` uses `decodeIfPresent`).
    private static func options(_ s: inout JSONByteScanner) -> TaskOptions? {
        guard s.consume(UInt8(ascii: "{")) else { return nil }
        var options = TaskOptions()
        if s.consume(UInt8(ascii: "}")) { return options }
        var seen: UInt16 = 0
        repeat {
            guard let key = s.key(), let index = optionKeys.firstIndex(where: { s.bytes(in: key, equal: $0) }),
                seen & (1 << index) == 0
            else { return nil }
            seen |= 1 << index
            if s.consumeNull() { continue }
            switch index {
            case 0:
                guard let value = s.string() else { return nil }
                options.model = value
            case 1:
                guard let value = s.string() else { return nil }
                options.permissionMode = value
            case 2:
                guard let value = s.stringArray() else { return nil }
                options.allowedTools = value
            case 3:
                guard let value = s.integer(Int.self) else { return nil }
                options.maxTurns = value
            case 4:
                guard let value = s.bool() else { return nil }
                options.interactive = value
            case 5:
                guard let value = s.stringArray() else { return nil }
                options.labels = value
            case 6:
                guard let value = s.integer(Int.self) else { return nil }
                options.restartOnFailure = value
            default:
                guard let value = s.string() else { return nil }
                options.baseRef = value
            }
        } while s.consume(UInt8(ascii: ","))
        return s.consume(UInt8(ascii: "}")) ? options : nil
    }

    private static let usageKeys = ["inputTokens", "outputTokens", "cacheReadInputTokens", "cacheCreationInputTokens"]
        .map { Array($0.utf8) }

    /// `TokenUsage`: all four counts required.
    private static func usage(_ s: inout JSONByteScanner) -> TokenUsage? {
        guard s.consume(UInt8(ascii: "{")) else { return nil }
        var input: Int?
        var output: Int?
        var cacheRead: Int?
        var cacheCreation: Int?
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                guard let key = s.key(), let index = usageKeys.firstIndex(where: { s.bytes(in: key, equal: $0) }),
                    let value = s.integer(Int.self)
                else { return nil }
                let fresh: Bool
                switch index {
                case 0: fresh = fill(&input, with: value)
                case 1: fresh = fill(&output, with: value)
                case 2: fresh = fill(&cacheRead, with: value)
                default: fresh = fill(&cacheCreation, with: value)
                }
                guard fresh else { return nil }
            } while s.consume(UInt8(ascii: ","))
            guard s.consume(UInt8(ascii: "}")) else { return nil }
        }
        guard let input, let output, let cacheRead, let cacheCreation else { return nil }
        return TokenUsage(
            inputTokens: input, outputTokens: output, cacheReadInputTokens: cacheRead,
            cacheCreationInputTokens: cacheCreation)
    }

    /// Sets a count that was not set yet; `false` for a repeated key.
    private static func fill(_ slot: inout Int?, with value: Int) -> Bool {
        guard slot == nil else { return false }
        slot = value
        return true
    }
}

extension JSONByteScanner {
    /// Reads a date written as seconds since 1970 (`JSONEncoder`'s `.secondsSince1970`).
    mutating func date() -> Date? {
        double().map { Date(timeIntervalSince1970: $0) }
    }
}
