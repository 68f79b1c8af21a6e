/// Where ECS runs the task: AWS-managed Fargate capacity, or the cluster's EC2 instances.
public enum ECSLaunchType: String, Codable, Sendable, Equatable, CaseIterable {
    /// AWS Fargate (needs awsvpc networking: subnets).
    case fargate = "FARGATE"
    /// The cluster's registered EC2 container instances.
    case ec2 = "EC2"

    /// Parses `FARGATE`/`EC2` in any case.
    public init?(parsing text: String) {
        self.init(rawValue: text.uppercased())
    }
}
