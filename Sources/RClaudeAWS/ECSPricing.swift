// What an ECS task costs per hour, from Fargate's per-vCPU-hour and per-GB-hour prices and the
// task definition's size. Defaults are Fargate Linux/x86 on-demand in us-east-1.

/// The price of a task: Fargate rates times the task definition's vCPU and memory.
public struct ECSPricing: Codable, Sendable, Equatable {
    /// US dollars per vCPU-hour.
    public var vcpuHourUSD: Double
    /// US dollars per GB-hour of memory.
    public var gbHourUSD: Double
    /// The task definition's vCPUs (1024 CPU units = 1).
    public var vcpu: Double
    /// The task definition's memory in GB.
    public var memoryGB: Double

    /// Fargate Linux/x86 on-demand, us-east-1: $0.04048 per vCPU-hour, $0.004445 per GB-hour.
    public init(vcpuHourUSD: Double = 0.04048, gbHourUSD: Double = 0.004445, vcpu: Double = 1, memoryGB: Double = 2) {
        self.vcpuHourUSD = vcpuHourUSD
        self.gbHourUSD = gbHourUSD
        self.vcpu = vcpu
        self.memoryGB = memoryGB
    }

    /// Dollars per hour of one running task.
    public var hourlyUSD: Double { vcpu * vcpuHourUSD + memoryGB * gbHourUSD }

    /// Dollars for a task that ran `duration`. Fargate bills at least one minute.
    public func costUSD(running duration: Duration) -> Double {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return hourlyUSD * max(seconds, 60) / 3600
    }
}
