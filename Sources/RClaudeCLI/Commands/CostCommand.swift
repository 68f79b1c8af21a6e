import ArgumentParser
import Foundation
import RClaudeCore

/// `rclaude cost`: what tasks cost, by provider and per task-minute.
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "What tasks cost (the agents' reported API cost), by provider and per task-minute.",
        discussion: """
            The agent's own cost (Claude's total_cost_usd) is summed over every turn; local and docker \
            sandbox time is free. Per task-minute divides the cost by the tasks' run time, against the \
            target of $0.10 per task-minute.
            """)

    @Flag(help: "One JSON object per provider per line, then a total.") var json = false

    /// One provider's totals.
    struct Row: Codable, Equatable {
        var provider: String
        var tasks: Int
        var minutes: Double
        var costUSD: Double
        var costPerTaskMinuteUSD: Double?
        var withinTarget: Bool?
    }

    static let targetPerTaskMinute = 0.10

    static func rows(_ tasks: [TaskRecord], now: Date) -> [Row] {
        var rows: [String: Row] = [:]
        for task in tasks {
            var row = rows[task.provider] ?? Row(provider: task.provider, tasks: 0, minutes: 0, costUSD: 0)
            row.tasks += 1
            row.minutes += (task.duration(now: now) ?? 0) / 60
            row.costUSD += task.costUSD ?? 0
            rows[task.provider] = row
        }
        var result = rows.values.sorted { $0.provider < $1.provider }
        let total = result.reduce(Row(provider: "total", tasks: 0, minutes: 0, costUSD: 0)) {
            Row(provider: "total", tasks: $0.tasks + $1.tasks, minutes: $0.minutes + $1.minutes, costUSD: $0.costUSD + $1.costUSD)
        }
        result.append(total)
        return result.map { row in
            var row = row
            if row.minutes > 0 {
                row.costPerTaskMinuteUSD = row.costUSD / row.minutes
                row.withinTarget = row.costUSD / row.minutes <= targetPerTaskMinute
            }
            return row
        }
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        let tasks = try await env.allTasks()
        let rows = Self.rows(tasks, now: Date())
        if json {
            StandardStreams.out(rows.map { JSONLines.encode($0) }.joined(separator: "\n") + "\n")
            return
        }
        var text = "PROVIDER        TASKS  MINUTES      COST  PER TASK-MINUTE\n"
        for row in rows {
            let per = row.costPerTaskMinuteUSD.map { String(format: "$%.4f", $0) + (($0 <= Self.targetPerTaskMinute) ? " (within $0.10)" : " (over $0.10)") } ?? "-"
            text += TaskTable.pad(row.provider, 15) + " " + String(format: "%5d  %7.1f  %8@  %@\n", row.tasks, row.minutes, String(format: "$%.4f", row.costUSD) as NSString, per as NSString)
        }
        StandardStreams.out(text)
    }
}
