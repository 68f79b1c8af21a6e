import ArgumentParser
import Foundation
import RClaudeCore

/// `rclaude cost`: what tasks cost, by provider and per task-minute.
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "What tasks cost (agent API cost + sandbox time), by provider and per task-minute.",
        discussion: """
            A task's cost is the agent's own cost (Claude's total_cost_usd, summed over every turn) plus \
            its sandbox time at the provider's price from config.json (providers.NAME.price: \
            perVCPUSecond for E2B, perVCPUHour and perGBHour for Fargate, perHour; local is free). Per \
            task-minute divides the cost by the tasks' run time, against the target of $0.10 per task-minute.
            """)

    @Flag(help: "One JSON object per provider per line, then a total.") var json = false

    /// One provider's totals.
    struct Row: Codable, Equatable {
        var provider: String
        var tasks: Int
        var minutes: Double
        var agentCostUSD: Double = 0
        var sandboxCostUSD: Double = 0
        var costUSD: Double
        var costPerTaskMinuteUSD: Double?
        var withinTarget: Bool?
    }

    static let targetPerTaskMinute = 0.10

    static func rows(_ tasks: [TaskRecord], now: Date, price: (String) -> SandboxPrice = { _ in .free }) -> [Row] {
        var rows: [String: Row] = [:]
        for task in tasks {
            var row = rows[task.provider] ?? Row(provider: task.provider, tasks: 0, minutes: 0, costUSD: 0)
            let seconds = task.duration(now: now) ?? 0
            row.tasks += 1
            row.minutes += seconds / 60
            row.agentCostUSD += task.costUSD ?? 0
            row.sandboxCostUSD += price(task.provider).cost(seconds: seconds)
            row.costUSD = row.agentCostUSD + row.sandboxCostUSD
            rows[task.provider] = row
        }
        var result = rows.values.sorted { $0.provider < $1.provider }
        let total = result.reduce(Row(provider: "total", tasks: 0, minutes: 0, costUSD: 0)) {
            Row(
                provider: "total", tasks: $0.tasks + $1.tasks, minutes: $0.minutes + $1.minutes,
                agentCostUSD: $0.agentCostUSD + $1.agentCostUSD, sandboxCostUSD: $0.sandboxCostUSD + $1.sandboxCostUSD,
                costUSD: $0.costUSD + $1.costUSD)
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
        let rows = Self.rows(tasks, now: Date(), price: { env.config.price(for: $0.hasPrefix("remote:ecs-") ? "ecs" : $0) })
        if json {
            StandardStreams.out(rows.map { JSONLines.encode($0) }.joined(separator: "\n") + "\n")
            return
        }
        var text = "PROVIDER        TASKS  MINUTES     AGENT   SANDBOX     TOTAL  PER TASK-MINUTE\n"
        func money(_ value: Double) -> NSString { String(format: "$%.4f", value) as NSString }
        for row in rows {
            let per = row.costPerTaskMinuteUSD.map { String(format: "$%.4f", $0) + (($0 <= Self.targetPerTaskMinute) ? " (within $0.10)" : " (over $0.10)") } ?? "-"
            text += TaskTable.pad(row.provider, 15) + " "
                + String(
                    format: "%5d  %7.1f  %8@  %8@  %8@  %@\n", row.tasks, row.minutes, money(row.agentCostUSD), money(row.sandboxCostUSD),
                    money(row.costUSD), per as NSString)
        }
        StandardStreams.out(text)
    }
}
