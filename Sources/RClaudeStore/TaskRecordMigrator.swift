import Foundation
import RClaudeCore

/// Brings task records written by older rclaude versions up to `TaskRecord.currentSchemaVersion`.
///
/// Each step takes the JSON object of version N to version N+1. Version 0 is a record written
/// before `schemaVersion` existed: it lacks the counters and lists that later became required.
public enum TaskRecordMigrator {
    /// What a step does to the raw JSON object.
    typealias Step = @Sendable (inout [String: JSONValue]) -> Void

    /// `steps[n]` migrates version n to n+1.
    static let steps: [Step] = [
        { object in
            if object["followUps"] == nil { object["followUps"] = .array([]) }
            if object["turns"] == nil { object["turns"] = .number(0) }
            if object["usage"] == nil { object["usage"] = .object([:]) }
            if object["environmentKeys"] == nil { object["environmentKeys"] = .array([]) }
            if object["options"] == nil { object["options"] = .object([:]) }
            if object["workspaceSpec"] == nil { object["workspaceSpec"] = .object(["managed": .object([:])]) }
            if case .object(var usage) = object["usage"] {
                for key in ["inputTokens", "outputTokens", "cacheReadInputTokens", "cacheCreationInputTokens"]
                where usage[key] == nil {
                    usage[key] = .number(0)
                }
                object["usage"] = .object(usage)
            }
        }
    ]

    /// Decodes a record of any supported version.
    ///
    /// - Returns: the record at the current version, and whether it had to be migrated.
    /// - Throws: `CoreError` `.unsupportedVersion` for records from a newer rclaude, `.damaged`
    ///   for bytes that are not a task record.
    public static func decode(_ bytes: [UInt8], decoder: JSONDecoder) throws -> (TaskRecord, migrated: Bool) {
        // Fastest path: a current-version record in the form rclaude writes.
        if let record = bytes.withUnsafeBufferPointer({ TaskRecordFastDecoder.decode($0) }) { return (record, false) }
        let data = Data(bytes)
        // Fast path: the current version decodes directly.
        if let record = try? decoder.decode(TaskRecord.self, from: data),
            record.schemaVersion == TaskRecord.currentSchemaVersion
        {
            return (record, false)
        }
        let value: JSONValue
        do {
            value = try decoder.decode(JSONValue.self, from: data)
        } catch {
            throw CoreError(code: .damaged, message: "not valid JSON (\(describe(error)))")
        }
        guard case .object(var object) = value else {
            throw CoreError(code: .damaged, message: "not a JSON object")
        }
        let version = object["schemaVersion"]?.intValue ?? 0
        if version > TaskRecord.currentSchemaVersion {
            throw CoreError(
                code: .unsupportedVersion,
                message: "written by a newer rclaude (schema \(version), this build reads up to \(TaskRecord.currentSchemaVersion)); upgrade rclaude to see it")
        }
        for step in steps[max(0, version)..<TaskRecord.currentSchemaVersion] { step(&object) }
        object["schemaVersion"] = .number(Double(TaskRecord.currentSchemaVersion))
        do {
            let migrated = try JSONEncoder().encode(JSONValue.object(object))
            return (try decoder.decode(TaskRecord.self, from: migrated), version != TaskRecord.currentSchemaVersion)
        } catch {
            throw CoreError(code: .damaged, message: "not a task record (\(describe(error)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at '\(path)'"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "corrupted data" : "invalid value at '\(path)'"
        default: return "\(error)"
        }
    }
}
