import Foundation
import RClaudeCore

/// The dashboard's order.
public enum TaskSort: String, CaseIterable, Sendable {
    /// Newest first (the default).
    case newest
    /// Oldest first.
    case oldest
    /// Active tasks first, then by status, newest first within a status.
    case status
    /// Most expensive first.
    case cost
    /// Longest running first.
    case duration
    /// By agent, then newest first.
    case agent

    /// The next order for the sort key.
    public var next: TaskSort {
        let all = TaskSort.allCases
        let i = all.firstIndex(of: self) ?? 0
        return all[(i + 1) % all.count]
    }

    /// `tasks` in this order.
    public func sorted(_ tasks: [TaskRecord], now: Date) -> [TaskRecord] {
        switch self {
        case .newest: return tasks.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id < $1.id }
        case .oldest: return tasks.sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
        case .status:
            return tasks.sorted {
                let a = TaskSort.rank($0.status)
                let b = TaskSort.rank($1.status)
                return a != b ? a < b : $0.createdAt > $1.createdAt
            }
        case .cost: return tasks.sorted { ($0.costUSD ?? -1, $0.createdAt) > ($1.costUSD ?? -1, $1.createdAt) }
        case .duration:
            return tasks.sorted {
                ($0.duration(now: now) ?? -1, $0.createdAt) > ($1.duration(now: now) ?? -1, $1.createdAt)
            }
        case .agent:
            return tasks.sorted {
                $0.agent.rawValue != $1.agent.rawValue
                    ? $0.agent.rawValue < $1.agent.rawValue : $0.createdAt > $1.createdAt
            }
        }
    }

    static func rank(_ status: TaskStatus) -> Int {
        switch status {
        case .waiting: return 0
        case .running: return 0
        case .starting: return 1
        case .queued: return 2
        case .failed: return 3
        case .cancelled: return 4
        case .succeeded: return 5
        }
    }
}
