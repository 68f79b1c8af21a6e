import Foundation
import RClaudeCore
import Testing

@testable import RClaudeCLI

/// `rclaude cost`'s arithmetic: cost per provider and per task-minute against the $0.10 target.
@Suite struct CostTests {
    func task(_ provider: String, minutes: Double, cost: Double?) -> TaskRecord {
        var record = TaskRecord(id: TaskID.random(), spec: TaskSpec(prompt: "p", provider: provider), createdAt: Date(timeIntervalSince1970: 0))
        record.status = .succeeded
        record.startedAt = Date(timeIntervalSince1970: 0)
        record.endedAt = Date(timeIntervalSince1970: minutes * 60)
        record.costUSD = cost
        return record
    }

    @Test func sumsByProviderAndComparesWithTheTarget() throws {
        let rows = CostCommand.rows(
            [task("local", minutes: 2, cost: 0.1), task("local", minutes: 3, cost: 0.2), task("remote:gpu", minutes: 1, cost: 0.5),
             task("docker", minutes: 0, cost: nil)],
            now: Date(timeIntervalSince1970: 10_000))
        #expect(rows.map(\.provider) == ["docker", "local", "remote:gpu", "total"])
        let local = try #require(rows.first { $0.provider == "local" })
        #expect(local.tasks == 2 && abs(local.minutes - 5) < 1e-9 && abs(local.costUSD - 0.3) < 1e-9)
        #expect(abs((local.costPerTaskMinuteUSD ?? 0) - 0.06) < 1e-9 && local.withinTarget == true)
        let remote = try #require(rows.first { $0.provider == "remote:gpu" })
        #expect(remote.withinTarget == false, "$0.50 for one minute is over $0.10 per task-minute")
        let docker = try #require(rows.first { $0.provider == "docker" })
        #expect(docker.costPerTaskMinuteUSD == nil, "no run time, no rate")
        let total = try #require(rows.last)
        #expect(total.tasks == 4 && abs(total.costUSD - 0.8) < 1e-9 && abs(total.minutes - 6) < 1e-9)
    }
}
