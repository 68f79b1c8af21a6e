// The ECS API calls rclaude makes (RunTask, DescribeTasks, StopTask, DescribeClusters), over
// AWS JSON 1.1: `POST /` with `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`, a JSON
// body, and a SigV4 signature (service `ecs`). Retry and error mapping live in
// `ECSClient+Send.swift`.

import Foundation
import RClaudeCore
import RClaudeHTTP

/// A client of the Amazon ECS API over an injected `HTTPTransport`.
public struct ECSClient: Sendable {
    /// The JSON 1.1 target prefix of ECS operations.
    public static let targetPrefix = "AmazonEC2ContainerServiceV20141113"
    /// The content type of AWS JSON 1.1.
    public static let contentType = "application/x-amz-json-1.1"

    /// The region requests are signed for.
    public let region: String
    /// The endpoint URL (`https://ecs.<region>.amazonaws.com`, or an override such as moto's).
    public let endpoint: String
    /// The credentials requests are signed with.
    public let credentials: AWSCredentials
    /// How requests are sent.
    public let transport: any HTTPTransport
    /// The signing time and retry sleeps.
    public let clock: any AWSClock
    /// How throttled and failed calls are retried.
    public let retryPolicy: AWSRetryPolicy
    /// The time limit of one HTTP exchange.
    public var requestTimeout: Duration

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - region: the region (`us-east-1`).
    ///   - credentials: the credentials to sign with.
    ///   - transport: the HTTP transport (`CurlHTTPTransport` live, scripted in tests).
    ///   - endpoint: an endpoint URL override (moto, a VPC endpoint); nil for the region's.
    ///   - clock: the wall clock and sleeps.
    ///   - retryPolicy: the backoff for throttling and server errors.
    ///   - requestTimeout: the time limit of one HTTP exchange.
    /// - Throws: `CoreError` `.invalidInput` when the region or the endpoint is malformed.
    public init(
        region: String, credentials: AWSCredentials, transport: any HTTPTransport, endpoint: String? = nil,
        clock: any AWSClock = SystemAWSClock(), retryPolicy: AWSRetryPolicy = .standard,
        requestTimeout: Duration = .seconds(30)
    ) throws {
        try Self.validateRegion(region)
        self.region = region
        self.endpoint = try endpoint.map(Self.validateEndpoint) ?? Self.defaultEndpoint(region: region)
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
    }

    /// The public ECS endpoint of `region` (`https://ecs.us-east-1.amazonaws.com`; China
    /// regions use `amazonaws.com.cn`).
    public static func defaultEndpoint(region: String) -> String {
        region.hasPrefix("cn-") ? "https://ecs.\(region).amazonaws.com.cn" : "https://ecs.\(region).amazonaws.com"
    }

    // MARK: - Operations

    /// Starts one task (RunTask).
    ///
    /// - Returns: the started task (usually still PROVISIONING).
    /// - Throws: `CoreError` from the call, or `.launch` when ECS answered with `failures`
    ///   instead of a task (no capacity, missing resources), saying what to change.
    public func runTask(_ request: ECSRunTaskRequest) async throws -> ECSTask {
        let response = try await call("RunTask", request, as: ECSTasksResponse.self, cluster: request.cluster)
        if let task = response.tasks.first { return task }
        throw Self.runTaskFailure(response.failures, request: request, region: region)
    }

    /// Describes tasks (DescribeTasks).
    ///
    /// - Parameters:
    ///   - cluster: the cluster's name or ARN (nil: `default`).
    ///   - tasks: task ARNs or ids (at most 100).
    ///   - includeTags: whether to return the tasks' tags.
    /// - Returns: the tasks found, and `MISSING` failures for the others.
    public func describeTasks(cluster: String?, tasks: [String], includeTags: Bool = false) async throws
        -> ECSTasksResponse
    {
        struct Body: Encodable {
            var cluster: String?
            var tasks: [String]
            var include: [String]?
        }
        return try await call(
            "DescribeTasks", Body(cluster: cluster, tasks: tasks, include: includeTags ? ["TAGS"] : nil),
            as: ECSTasksResponse.self,
            cluster: cluster)
    }

    /// Stops a task (StopTask).
    ///
    /// - Parameters:
    ///   - cluster: the cluster's name or ARN.
    ///   - task: the task's ARN or id.
    ///   - reason: shown as the task's `stoppedReason` (at most 255 characters are sent).
    /// - Returns: the task as ECS reports it after the call, when it does.
    @discardableResult
    public func stopTask(cluster: String?, task: String, reason: String?) async throws -> ECSTask? {
        struct Body: Encodable {
            var cluster: String?
            var task: String
            var reason: String?
        }
        let body = Body(cluster: cluster, task: task, reason: reason.map { String($0.prefix(255)) })
        return try await call("StopTask", body, as: ECSStopTaskResponse.self, cluster: cluster).task
    }

    /// Describes clusters (DescribeClusters), for health checks and `rclaude doctor`.
    ///
    /// - Parameter clusters: names or ARNs.
    /// - Returns: the clusters found, and `MISSING` failures for the others.
    public func describeClusters(_ clusters: [String]) async throws -> ECSClustersResponse {
        struct Body: Encodable { var clusters: [String] }
        return try await call(
            "DescribeClusters", Body(clusters: clusters), as: ECSClustersResponse.self, cluster: clusters.first)
    }

    // MARK: - Failures

    static func runTaskFailure(_ failures: [ECSFailure], request: ECSRunTaskRequest, region: String) -> CoreError {
        guard !failures.isEmpty else {
            return CoreError(
                code: .launch,
                message:
                    "ECS RunTask returned neither a task nor a failure for task definition \(request.taskDefinition); "
                    + "retry, and check the cluster's events in the ECS console")
        }
        let summary = failures.map(\.summary).joined(separator: "; ")
        let reasons = failures.compactMap(\.reason).joined(separator: " ")
        let hint: String
        if reasons.contains("RESOURCE:") {
            hint =
                "the cluster's container instances lack the CPU, memory or ports the task definition asks for; "
                + "add capacity, use launchType FARGATE, or shrink the task definition"
        } else if reasons.contains("AGENT") {
            hint = "the ECS agent of the container instance is disconnected; restart it or use FARGATE"
        } else if reasons.contains("MISSING") {
            hint =
                "the cluster or task definition \(request.taskDefinition) is missing in region \(region); check both names"
        } else if reasons.contains("ATTRIBUTE") {
            hint =
                "no container instance has the attributes the task definition requires (placement constraints, platform)"
        } else {
            hint = "check the task definition \(request.taskDefinition) and the cluster's capacity"
        }
        return CoreError(code: .launch, message: "ECS could not start a task: \(summary); \(hint)")
    }

    // MARK: - Validation

    static func validateRegion(_ region: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !region.isEmpty, region.count <= 40, region.allSatisfy({ allowed.contains($0) }) else {
            throw CoreError(
                code: .invalidInput,
                message:
                    "'\(region)' is not an AWS region name; use one like us-east-1 (AWS_REGION or the ECS provider's region)"
            )
        }
    }

    static func validateEndpoint(_ endpoint: String) throws -> String {
        var trimmed = endpoint.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw CoreError(
                code: .invalidInput,
                message:
                    "ECS endpoint '\(endpoint)' is not an http(s) URL; use e.g. http://127.0.0.1:5000 or https://ecs.us-east-1.amazonaws.com"
            )
        }
        return trimmed
    }
}
