import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeTestSupport
import Testing

@testable import RClaudeAWS

/// `rclaude run --provider ecs` against moto: the real binary provisions an ECS task, finds it
/// unusable (moto gives it no address) and stops it, so nothing is left running.
extension MotoECSTests {
    struct ListTasksBody: Encodable {
        var cluster: String
        var desiredStatus: String
    }

    struct TaskArns: Decodable { var taskArns: [String] }

    func harness(_ env: MotoECSEnvironment, cluster: String = MotoECSEnvironment.cluster, defaultProvider: String = "local") throws
        -> RClaudeHarness
    {
        let h = try RClaudeHarness(environment: [
            "AWS_ACCESS_KEY_ID": env.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": env.credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
        ])
        try FileManager.default.createDirectory(atPath: h.home, withIntermediateDirectories: true)
        let config = """
            {"defaultProvider": "\(defaultProvider)",
             "providers": {"ecs": {"region": "\(MotoECSEnvironment.region)", "cluster": "\(cluster)",
               "taskDefinition": "\(MotoECSEnvironment.family)", "containerName": "\(MotoECSEnvironment.container)",
               "launchType": "FARGATE", "subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["sg-0123456789abcdef0"],
               "endpoint": "\(env.server.endpoint)", "provisioningTimeoutSeconds": 30}}}
            """
        try config.write(toFile: h.home + "/config.json", atomically: true, encoding: .utf8)
        return h
    }

    @Test("rclaude run --provider ecs starts a task, and stops it when it cannot be reached")
    func theCommandLineStopsAnUnusableSandbox() async throws {
        let env = try Self.environment()
        let h = try harness(env)
        defer { h.remove() }
        let before = try await env.client().call(
            "ListTasks", ListTasksBody(cluster: MotoECSEnvironment.cluster, desiredStatus: "RUNNING"), as: TaskArns.self)
        let run = try await h.runDetached(["run", "--provider", "ecs", "--agent", "shell", "true"], timeout: 120)
        #expect(run.status != 0)
        #expect(run.stderr.contains("starting an ECS task in cluster \(MotoECSEnvironment.cluster)"), "\(run.stderr)")
        #expect(run.stderr.contains("reports no private IP"), "\(run.stderr)")
        let after = try await env.client().call(
            "ListTasks", ListTasksBody(cluster: MotoECSEnvironment.cluster, desiredStatus: "RUNNING"), as: TaskArns.self)
        #expect(Set(after.taskArns) == Set(before.taskArns), "the task it started was stopped again")
        let remotes = try await h.runDetached(["remote", "ls"])
        #expect(!remotes.stdout.contains("ecs-"), "no remote is left behind: \(remotes.stdout)")
    }

    @Test("routing to ecs checks the cluster, and a missing one is a clear error")
    func anUnhealthyClusterIsReported() async throws {
        let env = try Self.environment()
        let h = try harness(env, cluster: "no-such-cluster", defaultProvider: "ecs")
        defer { h.remove() }
        let run = try await h.runDetached(["run", "--agent", "shell", "true"], timeout: 120)
        #expect(run.status != 0)
        #expect(run.stderr.contains("ecs is unhealthy"), "\(run.stderr)")
        #expect(run.stderr.contains("providers.ecs.fallback"), "\(run.stderr)")
        let doctor = try await h.runDetached(["doctor"], extraEnvironment: ["RCLAUDE_CLAUDE_BIN": "/bin/echo"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("ok    ecs          credentials"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("FAIL  ecs          cluster"))
        #expect(doctor.stdout.contains("fix: create it (aws ecs create-cluster --cluster-name no-such-cluster)"))
    }
}
