import Foundation

/// Walks a parsed `config.json`, checking every key and value, and says exactly which one is
/// wrong.
struct ConfigReader {
    let source: String

    static let topKeys: Set<String> = ["defaultProvider", "routes", "providers", "credentials"]
    static let providerKeys: Set<String> = ["maxConcurrent", "fallback", "price", "healthIntervalSeconds"]
    static let priceKeys: Set<String> = ["perVCPUSecond", "perVCPUHour", "perGBHour", "perHour", "vcpus", "memoryGB"]

    mutating func config(_ root: JSONValue) throws -> RClaudeConfig {
        let top = try object(root, at: "the top level")
        try onlyKnown(top, Self.topKeys, at: "")
        var config = RClaudeConfig()
        if let value = top["defaultProvider"] { config.defaultProvider = try providerName(value, at: "defaultProvider") }
        if let value = top["routes"] {
            guard case .array(let items) = value else { throw wrong("routes", "a list of rules") }
            config.routes = try items.enumerated().map { try rule($1, at: "routes[\($0)]") }
        }
        if let value = top["providers"] {
            for (name, entry) in try object(value, at: "providers") {
                _ = try providerName(.string(name), at: "providers")
                config.providers[name] = try settings(entry, at: "providers.\(name)")
            }
            for (name, settings) in config.providers {
                if let fallback = settings.fallback, fallback == name {
                    throw CoreError(code: .invalidInput, message: "\(source): providers.\(name).fallback names the provider itself; name another provider or drop it")
                }
            }
        }
        if let value = top["credentials"] {
            let credentials = try object(value, at: "credentials")
            try onlyKnown(credentials, ["forward", "gitTokens"], at: "credentials.")
            if let forward = credentials["forward"] { config.forwardedCredentials = try strings(forward, at: "credentials.forward") }
            if let tokens = credentials["gitTokens"] {
                for (host, variable) in try object(tokens, at: "credentials.gitTokens") {
                    guard case .string(let name) = variable, !name.isEmpty else {
                        throw wrong("credentials.gitTokens.\(host)", "the name of an environment variable holding the token")
                    }
                    config.gitTokens[host] = name
                }
            }
        }
        return config
    }

    func rule(_ value: JSONValue, at path: String) throws -> RoutingRule {
        let fields = try object(value, at: path)
        try onlyKnown(fields, ["repo", "label", "provider"], at: path + ".")
        guard let providerValue = fields["provider"] else { throw wrong("\(path).provider", "the provider this rule picks (it is missing)") }
        let rule = RoutingRule(
            repo: try fields["repo"].map { try string($0, at: "\(path).repo") },
            label: try fields["label"].map { try string($0, at: "\(path).label") },
            provider: try providerName(providerValue, at: "\(path).provider"))
        if rule.repo == nil && rule.label == nil { throw wrong(path, "a rule with \"repo\" or \"label\" (it has neither, so it matches nothing)") }
        return rule
    }

    func settings(_ value: JSONValue, at path: String) throws -> ProviderSettings {
        var settings = ProviderSettings()
        for (key, field) in try object(value, at: path) {
            switch key {
            case "maxConcurrent":
                guard let limit = field.intValue, limit >= 1, limit <= 10_000 else { throw wrong("\(path).maxConcurrent", "a whole number from 1 to 10000") }
                settings.maxConcurrent = limit
            case "fallback": settings.fallback = try providerName(field, at: "\(path).fallback")
            case "healthIntervalSeconds":
                guard let seconds = field.doubleValue, seconds >= 1 else { throw wrong("\(path).healthIntervalSeconds", "a number of seconds, at least 1") }
                settings.healthIntervalSeconds = seconds
            case "price": settings.price = try price(field, at: "\(path).price")
            default: settings.options[key] = field
            }
        }
        return settings
    }

    func price(_ value: JSONValue, at path: String) throws -> SandboxPrice {
        let fields = try object(value, at: path)
        try onlyKnown(fields, Self.priceKeys, at: path + ".")
        func number(_ key: String, _ fallback: Double) throws -> Double {
            guard let field = fields[key] else { return fallback }
            guard let number = field.doubleValue, number >= 0, number.isFinite else { throw wrong("\(path).\(key)", "a number, 0 or more") }
            return number
        }
        return SandboxPrice(
            perVCPUSecond: try number("perVCPUSecond", 0), perVCPUHour: try number("perVCPUHour", 0),
            perGBHour: try number("perGBHour", 0), perHour: try number("perHour", 0), vcpus: try number("vcpus", 1),
            memoryGB: try number("memoryGB", 1))
    }

    func providerName(_ value: JSONValue, at path: String) throws -> String {
        let name = try string(value, at: path)
        let known = ["local", "docker", "ecs", "e2b"]
        guard known.contains(name) || (name.hasPrefix("remote:") && name.count > 7) else {
            throw wrong(path, "a provider: local, docker, ecs, e2b or remote:NAME (got \"\(name)\")")
        }
        return name
    }

    func object(_ value: JSONValue, at path: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = value else { throw wrong(path, "an object") }
        return fields
    }

    func string(_ value: JSONValue, at path: String) throws -> String {
        guard case .string(let text) = value, !text.isEmpty else { throw wrong(path, "a non-empty string") }
        return text
    }

    func strings(_ value: JSONValue, at path: String) throws -> [String] {
        guard case .array(let items) = value else { throw wrong(path, "a list of strings") }
        return try items.enumerated().map { try string($1, at: "\(path)[\($0)]") }
    }

    func onlyKnown(_ fields: [String: JSONValue], _ known: Set<String>, at prefix: String) throws {
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw CoreError(
                code: .invalidInput,
                message: "\(source): unknown key \"\(prefix)\(unknown)\"; the keys here are \(known.sorted().joined(separator: ", "))")
        }
    }

    func wrong(_ path: String, _ expected: String) -> CoreError {
        CoreError(code: .invalidInput, message: "\(source): \(path) must be \(expected)")
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }
}
