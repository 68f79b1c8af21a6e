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

    @Test func sandboxTimeIsPricedPerProvider() throws {
        // E2B: 2 vCPUs at $0.000014 per vCPU-second; Fargate: 1 vCPU + 2 GB at the us-east-1 rates.
        let e2b = SandboxPrice(perVCPUSecond: 0.000014, vcpus: 2)
        let fargate = SandboxPrice(perVCPUHour: 0.04048, perGBHour: 0.004445, vcpus: 1, memoryGB: 2)
        let rows = CostCommand.rows(
            [task("e2b", minutes: 10, cost: 0.05), task("ecs", minutes: 60, cost: nil), task("local", minutes: 30, cost: 0.01)],
            now: Date(timeIntervalSince1970: 100_000),
            price: { ["e2b": e2b, "ecs": fargate][$0] ?? .free })
        let e2bRow = try #require(rows.first { $0.provider == "e2b" })
        #expect(abs(e2bRow.sandboxCostUSD - 600 * 2 * 0.000014) < 1e-12)
        #expect(abs(e2bRow.agentCostUSD - 0.05) < 1e-12)
        #expect(abs(e2bRow.costUSD - (0.05 + 0.0168)) < 1e-12)
        let ecsRow = try #require(rows.first { $0.provider == "ecs" })
        #expect(abs(ecsRow.sandboxCostUSD - (0.04048 + 2 * 0.004445)) < 1e-12, "one Fargate hour")
        let localRow = try #require(rows.first { $0.provider == "local" })
        #expect(localRow.sandboxCostUSD == 0, "local sandbox time is free")
        let total = try #require(rows.last)
        #expect(abs(total.sandboxCostUSD - (0.0168 + 0.04048 + 0.00889)) < 1e-12)
        #expect(abs(total.costUSD - total.agentCostUSD - total.sandboxCostUSD) < 1e-12)
    }
}
