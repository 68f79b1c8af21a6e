// `ECSProviderConfig` from `RCLAUDE_ECS_*` environment variables, the way the docker provider
// reads `RCLAUDE_DOCKER_*`.

import Foundation
import RClaudeCore

extension ECSProviderConfig {
    /// The environment variables read by `fromEnvironment`, with what each sets.
    public static let environmentKeys: [(name: String, setting: String)] = [
        ("RCLAUDE_ECS_CLUSTER", "cluster"), ("RCLAUDE_ECS_TASK_DEFINITION", "taskDefinition"),
        ("RCLAUDE_ECS_CONTAINER", "containerName"), ("RCLAUDE_ECS_LAUNCH_TYPE", "launchType (FARGATE|EC2)"),
        ("RCLAUDE_ECS_SUBNETS", "subnets (comma-separated)"),
        ("RCLAUDE_ECS_SECURITY_GROUPS", "securityGroups (comma-separated)"),
        ("RCLAUDE_ECS_ASSIGN_PUBLIC_IP", "assignPublicIp (1/0)"), ("RCLAUDE_ECS_PORT", "servePort"),
        ("RCLAUDE_ECS_SERVE_EXECUTABLE", "serveExecutable"), ("RCLAUDE_ECS_ENDPOINT", "endpoint"),
        ("RCLAUDE_ECS_REGION", "region"), ("RCLAUDE_ECS_PROFILE", "profile"),
        ("RCLAUDE_ECS_TIMEOUT", "provisioningTimeoutSeconds"), ("RCLAUDE_ECS_VCPU", "pricing.vcpu"),
        ("RCLAUDE_ECS_MEMORY_GB", "pricing.memoryGB"), ("RCLAUDE_ECS_PRICE_VCPU_HOUR", "pricing.vcpuHourUSD"),
        ("RCLAUDE_ECS_PRICE_GB_HOUR", "pricing.gbHourUSD"),
    ]

    /// A configuration from `RCLAUDE_ECS_*` variables (see `environmentKeys`), defaults elsewhere.
    /// It is not validated; call `validate()`.
    ///
    /// - Throws: `CoreError` `.invalidInput` when a variable holds an unreadable value.
    public static func fromEnvironment(_ environment: [String: String]) throws -> ECSProviderConfig {
        func value(_ key: String) -> String? {
            environment[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func list(_ key: String) -> [String] {
            (value(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        func number(_ key: String, example: String) throws -> Double? {
            guard let text = value(key) else { return nil }
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw CoreError(
                    code: .invalidInput, message: "\(key)='\(text)' is not a number; use e.g. \(key)=\(example)")
            }
            return number
        }
        var config = ECSProviderConfig(
            cluster: value("RCLAUDE_ECS_CLUSTER") ?? "", taskDefinition: value("RCLAUDE_ECS_TASK_DEFINITION") ?? "")
        if let container = value("RCLAUDE_ECS_CONTAINER") { config.containerName = container }
        if let text = value("RCLAUDE_ECS_LAUNCH_TYPE") {
            guard let launchType = ECSLaunchType(parsing: text) else {
                throw CoreError(code: .invalidInput, message: "RCLAUDE_ECS_LAUNCH_TYPE='\(text)' is not FARGATE or EC2")
            }
            config.launchType = launchType
        }
        config.subnets = list("RCLAUDE_ECS_SUBNETS")
        config.securityGroups = list("RCLAUDE_ECS_SECURITY_GROUPS")
        if let text = value("RCLAUDE_ECS_ASSIGN_PUBLIC_IP") {
            switch text.lowercased() {
            case "1", "true", "yes", "enabled": config.assignPublicIp = true
            case "0", "false", "no", "disabled": config.assignPublicIp = false
            default:
                throw CoreError(
                    code: .invalidInput,
                    message: "RCLAUDE_ECS_ASSIGN_PUBLIC_IP='\(text)' is not 1/0 (or ENABLED/DISABLED)")
            }
        }
        if let text = value("RCLAUDE_ECS_PORT") {
            guard let port = Int(text) else {
                throw CoreError(
                    code: .invalidInput, message: "RCLAUDE_ECS_PORT='\(text)' is not a port number; use e.g. 8844")
            }
            config.servePort = port
        }
        if let executable = value("RCLAUDE_ECS_SERVE_EXECUTABLE") { config.serveExecutable = executable }
        config.endpoint = value("RCLAUDE_ECS_ENDPOINT")
        config.region = value("RCLAUDE_ECS_REGION")
        config.profile = value("RCLAUDE_ECS_PROFILE")
        if let seconds = try number("RCLAUDE_ECS_TIMEOUT", example: "300") {
            config.provisioningTimeout = .seconds(seconds)
        }
        if let vcpu = try number("RCLAUDE_ECS_VCPU", example: "0.5") { config.pricing.vcpu = vcpu }
        if let memory = try number("RCLAUDE_ECS_MEMORY_GB", example: "1") { config.pricing.memoryGB = memory }
        if let price = try number("RCLAUDE_ECS_PRICE_VCPU_HOUR", example: "0.04048") {
            config.pricing.vcpuHourUSD = price
        }
        if let price = try number("RCLAUDE_ECS_PRICE_GB_HOUR", example: "0.004445") { config.pricing.gbHourUSD = price }
        return config
    }
}
