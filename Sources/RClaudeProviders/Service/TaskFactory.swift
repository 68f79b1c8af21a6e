import Foundation
import RClaudeCore

/// Creates task records with fresh ids.
public enum TaskFactory {
    /// Stores a new queued task for `spec`, retrying on the (unlikely) id collision.
    public static func create(_ spec: TaskSpec, in cache: any TaskCache, now: Date = Date()) throws -> TaskRecord {
        for _ in 0..<8 {
            let record = TaskRecord(id: TaskID.random(), spec: spec, createdAt: now)
            do {
                try cache.create(record)
                return record
            } catch let error as CoreError where error.code == .conflict {
                continue
            }
        }
        throw CoreError(code: .conflict, message: "could not find a free task id; try again")
    }

    /// The spec that re-runs `record` as a new task (retry).
    public static func spec(retrying record: TaskRecord) -> TaskSpec {
        TaskSpec(
            prompt: record.prompt, agent: record.agent, provider: record.provider, workspace: record.workspaceSpec,
            options: record.options)
    }
}
