/// What a provider's sandbox time costs, from configuration: any mix of per-vCPU-second (E2B),
/// per-vCPU-hour and per-GB-hour (Fargate), and a flat hourly rate. Local sandboxes cost 0.
public struct SandboxPrice: Sendable, Equatable, Codable {
    /// Dollars per vCPU-second.
    public var perVCPUSecond: Double
    /// Dollars per vCPU-hour.
    public var perVCPUHour: Double
    /// Dollars per GB-hour of memory.
    public var perGBHour: Double
    /// Dollars per sandbox-hour, whatever its size.
    public var perHour: Double
    /// vCPUs of one sandbox.
    public var vcpus: Double
    /// Memory of one sandbox, in GB.
    public var memoryGB: Double

    /// Creates a price (all rates default to 0; one vCPU, 1 GB).
    public init(
        perVCPUSecond: Double = 0, perVCPUHour: Double = 0, perGBHour: Double = 0, perHour: Double = 0, vcpus: Double = 1,
        memoryGB: Double = 1
    ) {
        self.perVCPUSecond = perVCPUSecond
        self.perVCPUHour = perVCPUHour
        self.perGBHour = perGBHour
        self.perHour = perHour
        self.vcpus = vcpus
        self.memoryGB = memoryGB
    }

    /// Free sandbox time (the local machine, a host the user already pays for).
    public static let free = SandboxPrice()

    /// Dollars per hour of one sandbox.
    public var hourlyRate: Double {
        perHour + vcpus * (perVCPUHour + perVCPUSecond * 3600) + memoryGB * perGBHour
    }

    /// What `seconds` of one sandbox cost.
    public func cost(seconds: Double) -> Double { max(0, seconds) * hourlyRate / 3600 }
}
