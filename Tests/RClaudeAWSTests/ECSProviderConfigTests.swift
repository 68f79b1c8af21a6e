import Foundation
import RClaudeCore
import Testing

@testable import RClaudeAWS

/// ECSProviderConfig: JSON keys, RCLAUDE_ECS_* variables, validation, pricing.
@Suite struct ECSProviderConfigTests {
    @Test("JSON: minimal settings take the defaults; every key round-trips")
    func json() throws {
        let minimal = try JSONDecoder().decode(
            ECSProviderConfig.self,
            from: Data(#"{"cluster":"rc","taskDefinition":"rclaude:1","subnets":["subnet-1"]}"#.utf8))
        #expect(minimal == ECSProviderConfig(cluster: "rc", taskDefinition: "rclaude:1", subnets: ["subnet-1"]))
        #expect(minimal.servePort == 8844 && minimal.launchType == .fargate && minimal.containerName == "rclaude")
        #expect(minimal.provisioningTimeout == .seconds(300))
        let full = """
            {"region":"eu-west-1","profile":"dev","cluster":"c","taskDefinition":"td","containerName":"box","launchType":"EC2",
             "subnets":[],"securityGroups":["sg-1"],"assignPublicIp":true,"servePort":9000,"serveExecutable":"/bin/rclaude",
             "endpoint":"http://127.0.0.1:5000","provisioningTimeoutSeconds":90.5,
             "pricing":{"vcpuHourUSD":0.05,"gbHourUSD":0.005,"vcpu":0.5,"memoryGB":1}}
            """
        let config = try JSONDecoder().decode(ECSProviderConfig.self, from: Data(full.utf8))
        #expect(
            config.launchType == .ec2 && config.assignPublicIp && config.provisioningTimeout == .milliseconds(90_500))
        #expect(config.pricing == ECSPricing(vcpuHourUSD: 0.05, gbHourUSD: 0.005, vcpu: 0.5, memoryGB: 1))
        let again = try JSONDecoder().decode(ECSProviderConfig.self, from: try JSONEncoder().encode(config))
        #expect(again == config)
        try config.validate()
    }

    @Test("RCLAUDE_ECS_* variables set every setting")
    func environment() throws {
        let config = try ECSProviderConfig.fromEnvironment([
            "RCLAUDE_ECS_CLUSTER": "rc", "RCLAUDE_ECS_TASK_DEFINITION": "rclaude:2", "RCLAUDE_ECS_CONTAINER": "agent",
            "RCLAUDE_ECS_LAUNCH_TYPE": "fargate", "RCLAUDE_ECS_SUBNETS": "subnet-a, subnet-b,",
            "RCLAUDE_ECS_SECURITY_GROUPS": "sg-1",
            "RCLAUDE_ECS_ASSIGN_PUBLIC_IP": "ENABLED", "RCLAUDE_ECS_PORT": "9001",
            "RCLAUDE_ECS_ENDPOINT": "http://127.0.0.1:5000",
            "RCLAUDE_ECS_REGION": "us-west-2", "RCLAUDE_ECS_PROFILE": "dev", "RCLAUDE_ECS_TIMEOUT": "120",
            "RCLAUDE_ECS_VCPU": "0.25", "RCLAUDE_ECS_MEMORY_GB": "0.5", "RCLAUDE_ECS_PRICE_VCPU_HOUR": "0.1",
            "RCLAUDE_ECS_PRICE_GB_HOUR": "0.01",
            "RCLAUDE_ECS_SERVE_EXECUTABLE": "/opt/rclaude",
        ])
        #expect(
            config
                == ECSProviderConfig(
                    region: "us-west-2", profile: "dev", cluster: "rc", taskDefinition: "rclaude:2",
                    containerName: "agent", launchType: .fargate,
                    subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"], assignPublicIp: true, servePort: 9001,
                    serveExecutable: "/opt/rclaude",
                    endpoint: "http://127.0.0.1:5000", provisioningTimeout: .seconds(120),
                    pricing: ECSPricing(vcpuHourUSD: 0.1, gbHourUSD: 0.01, vcpu: 0.25, memoryGB: 0.5)))
        #expect(ECSProviderConfig.environmentKeys.count == 17)
    }

    @Test(
        "unreadable variables name the variable and an example",
        arguments: [
            ("RCLAUDE_ECS_PORT", "http"), ("RCLAUDE_ECS_TIMEOUT", "soon"), ("RCLAUDE_ECS_LAUNCH_TYPE", "LAMBDA"),
            ("RCLAUDE_ECS_ASSIGN_PUBLIC_IP", "maybe"),
        ])
    func badEnvironment(_ key: String, _ value: String) {
        let error = #expect(throws: CoreError.self) { try ECSProviderConfig.fromEnvironment([key: value]) }
        #expect(error?.code == .invalidInput && error?.message.contains("\(key)='\(value)'") == true)
    }

    @Test(
        "validation names the missing or wrong setting",
        arguments: [
            (ECSProviderConfig(cluster: "", taskDefinition: "td", subnets: ["s"]), "RCLAUDE_ECS_CLUSTER"),
            (ECSProviderConfig(cluster: "c", taskDefinition: " ", subnets: ["s"]), "RCLAUDE_ECS_TASK_DEFINITION"),
            (ECSProviderConfig(cluster: "c", taskDefinition: "td"), "FARGATE needs at least one subnet"),
            (
                ECSProviderConfig(cluster: "c", taskDefinition: "td", subnets: ["s"], servePort: 70000),
                "servePort 70000"
            ),
            (
                ECSProviderConfig(cluster: "c", taskDefinition: "td", subnets: ["s"], provisioningTimeout: .zero),
                "provisioningTimeoutSeconds"
            ),
            (
                ECSProviderConfig(region: "Mars 1", cluster: "c", taskDefinition: "td", subnets: ["s"]),
                "not an AWS region"
            ),
            (
                ECSProviderConfig(cluster: "c", taskDefinition: "td", subnets: ["s"], endpoint: "ftp://x"),
                "not an http(s) URL"
            ),
        ])
    func validation(_ config: ECSProviderConfig, _ needle: String) {
        let error = #expect(throws: CoreError.self) { try config.validate() }
        #expect(error?.message.contains(needle) == true, "\(error?.message ?? "")")
    }

    @Test("EC2 needs no subnets")
    func ec2() throws {
        try ECSProviderConfig(cluster: "c", taskDefinition: "td", launchType: .ec2).validate()
    }

    @Test("pricing: hourly rate and at least a minute billed")
    func pricing() {
        let pricing = ECSPricing(vcpuHourUSD: 0.04048, gbHourUSD: 0.004445, vcpu: 1, memoryGB: 2)
        #expect(abs(pricing.hourlyUSD - 0.04937) < 1e-9)
        #expect(abs(pricing.costUSD(running: .seconds(1800)) - 0.04937 / 2) < 1e-9)
        #expect(abs(pricing.costUSD(running: .seconds(5)) - 0.04937 / 60) < 1e-9)
    }

    @Test("live() without credentials fails clearly before any network call")
    func liveWithoutCredentials() {
        let config = ECSProviderConfig(region: "us-east-1", cluster: "c", taskDefinition: "td", subnets: ["s"])
        let error = #expect(throws: CoreError.self) {
            try ECSSandboxProvisioner.live(config: config, environment: ["HOME": "/nonexistent-rclaude-home"])
        }
        #expect(error?.code == .unauthorized && error?.message.contains("AWS_ACCESS_KEY_ID") == true)
    }
}
