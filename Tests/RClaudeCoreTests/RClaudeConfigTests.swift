import Foundation
import RClaudeCore
import Testing

@Suite struct RClaudeConfigTests {
    func parse(_ text: String) throws -> RClaudeConfig { try RClaudeConfig.parse(Array(text.utf8), source: "config.json") }

    func message(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as CoreError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func emptyObjectMeansTheDefaults() throws {
        let config = try parse("{}")
        #expect(config == RClaudeConfig())
        #expect(config.defaultProvider == "local")
        #expect(config.concurrencyLimit(for: "local", cores: 1) == 4)
        #expect(config.concurrencyLimit(for: "local", cores: 16) == 32)
        #expect(config.concurrencyLimit(for: "docker", cores: 16) == 8)
        #expect(config.price(for: "e2b") == .free)
        #expect(config.forwardedCredentials.contains("ANTHROPIC_API_KEY"))
    }

    @Test func readsEverySection() throws {
        let config = try parse(
            """
            {"defaultProvider": "docker",
             "routes": [{"repo": "/src/big-*", "provider": "remote:gpu"}, {"label": "cheap", "provider": "local"}],
             "providers": {
               "docker": {"maxConcurrent": 3, "fallback": "local", "image": "rclaude-sandbox:latest",
                          "price": {"perHour": 0.5}, "healthIntervalSeconds": 30},
               "e2b": {"price": {"perVCPUSecond": 0.000014, "vcpus": 2}}},
             "credentials": {"forward": ["ANTHROPIC_API_KEY"], "gitTokens": {"github.com": "GITHUB_TOKEN"}}}
            """)
        #expect(config.defaultProvider == "docker")
        #expect(config.routes == [RoutingRule(repo: "/src/big-*", provider: "remote:gpu"), RoutingRule(label: "cheap", provider: "local")])
        let docker = config.settings(for: "docker")
        #expect(docker.maxConcurrent == 3)
        #expect(docker.fallback == "local")
        #expect(docker.healthIntervalSeconds == 30)
        #expect(docker.options["image"] == .string("rclaude-sandbox:latest"))
        #expect(config.concurrencyLimit(for: "docker", cores: 64) == 3)
        #expect(abs(config.price(for: "e2b").hourlyRate - 2 * 0.000014 * 3600) < 1e-12)
        #expect(abs(config.price(for: "docker").cost(seconds: 7200) - 1.0) < 1e-12)
        #expect(config.forwardedCredentials == ["ANTHROPIC_API_KEY"])
        #expect(config.gitTokens == ["github.com": "GITHUB_TOKEN"])
    }

    @Test func fargatePriceCombinesCPUAndMemory() {
        let price = SandboxPrice(perVCPUHour: 0.04048, perGBHour: 0.004445, vcpus: 1, memoryGB: 2)
        #expect(abs(price.hourlyRate - (0.04048 + 2 * 0.004445)) < 1e-12)
        #expect(price.cost(seconds: -5) == 0)
    }

    @Test func badInputNamesTheKeyAndTheFix() {
        #expect(message("{")?.contains("is not valid JSON") == true)
        #expect(message("[]") == "config.json: the top level must be an object")
        #expect(message(#"{"defaultProvider": "mars"}"#)?.contains("defaultProvider must be a provider: local, docker, ecs, e2b or remote:NAME") == true)
        #expect(message(#"{"providres": {}}"#)?.contains(#"unknown key "providres""#) == true)
        #expect(message(#"{"providers": {"docker": {"maxConcurrent": 0}}}"#) == "config.json: providers.docker.maxConcurrent must be a whole number from 1 to 10000")
        #expect(message(#"{"providers": {"docker": {"maxConcurrent": "4"}}}"#)?.contains("maxConcurrent") == true)
        #expect(message(#"{"providers": {"docker": {"fallback": "docker"}}}"#)?.contains("names the provider itself") == true)
        #expect(message(#"{"providers": {"e2b": {"price": {"perCPU": 1}}}}"#)?.contains(#"unknown key "providers.e2b.price.perCPU""#) == true)
        #expect(message(#"{"providers": {"e2b": {"price": {"perHour": -1}}}}"#) == "config.json: providers.e2b.price.perHour must be a number, 0 or more")
        #expect(message(#"{"routes": [{"provider": "local"}]}"#)?.contains("neither") == true)
        #expect(message(#"{"routes": [{"label": "x"}]}"#)?.contains("routes[0].provider") == true)
        #expect(message(#"{"credentials": {"forward": [1]}}"#) == "config.json: credentials.forward[0] must be a non-empty string")
        #expect(message(#"{"credentials": {"gitTokens": {"github.com": ""}}}"#)?.contains("credentials.gitTokens.github.com") == true)
    }
}

@Suite struct ProviderRouterTests {
    let config = RClaudeConfig(
        defaultProvider: "docker",
        routes: [
            RoutingRule(repo: "/src/big-*", provider: "remote:gpu"), RoutingRule(label: "cheap", provider: "local"),
            RoutingRule(repo: "/src/app", label: "cloud", provider: "e2b"),
        ],
        providers: ["docker": ProviderSettings(fallback: "local"), "e2b": ProviderSettings(fallback: "docker")])

    @Test func flagThenRulesThenDefault() {
        let router = ProviderRouter(config: config)
        #expect(router.preferred(explicit: "local", repository: "/src/big-one", labels: []) == ("local", "--provider"))
        #expect(router.preferred(explicit: nil, repository: "/src/big-one", labels: []).provider == "remote:gpu")
        #expect(router.preferred(explicit: nil, repository: "/src/big-one", labels: []).reason == "rule routes[0] (repo /src/big-*)")
        #expect(router.preferred(explicit: nil, repository: nil, labels: ["cheap"]).provider == "local")
        #expect(router.preferred(explicit: nil, repository: "/src/app/sub", labels: ["cloud"]).provider == "e2b")
        #expect(router.preferred(explicit: nil, repository: "/src/app", labels: []).provider == "docker", "both conditions are needed")
        #expect(router.preferred(explicit: nil, repository: "/src/apple", labels: ["cloud"]).provider == "docker", "a path prefix matches whole components")
        #expect(router.preferred(explicit: nil, repository: nil, labels: []) == ("docker", "default"))
    }

    @Test func unhealthyProviderFallsBackAndSaysSo() async throws {
        let router = ProviderRouter(config: config)
        let decision = try await router.route(explicit: nil, repository: "/src/app", labels: ["cloud"]) { name in
            name == "local" ? .healthy : .unhealthy("\(name) is down")
        }
        #expect(decision.provider == "local")
        #expect(decision.notices == ["e2b is unhealthy (e2b is down); using its fallback docker", "docker is unhealthy (docker is down); using its fallback local"])
        #expect(decision.reason.contains("fallback of docker"))
    }

    @Test func healthyPickHasNoNotices() async throws {
        let decision = try await ProviderRouter(config: config).route(explicit: nil, repository: nil, labels: []) { _ in .healthy }
        #expect(decision == RoutingDecision(provider: "docker", reason: "default"))
    }

    @Test func noFallbackLeftIsAClearError() async {
        let router = ProviderRouter(config: config)
        await #expect(throws: CoreError.self) {
            try await router.route(explicit: "remote:gpu", repository: nil, labels: []) { _ in .unhealthy("connection refused") }
        }
        do {
            _ = try await router.route(explicit: "remote:gpu", repository: nil, labels: []) { _ in .unhealthy("connection refused") }
        } catch let error as CoreError {
            #expect(error.code == .unavailable)
            #expect(error.message == "remote:gpu is unhealthy: connection refused; fix it, pick another with --provider, or set providers.remote:gpu.fallback in config.json")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try await router.route(explicit: "docker", repository: nil, labels: []) { _ in .unhealthy("down") }
        } catch let error as CoreError {
            #expect(error.message == "docker is unhealthy (down); using its fallback local; local is unhealthy: down; every configured fallback is unhealthy too — fix one of them or pick another with --provider")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func fallbackCyclesEnd() async {
        let cyclic = RClaudeConfig(providers: ["docker": ProviderSettings(fallback: "local"), "local": ProviderSettings(fallback: "docker")])
        await #expect(throws: CoreError.self) {
            try await ProviderRouter(config: cyclic).route(explicit: "docker", repository: nil, labels: []) { _ in .unhealthy("x") }
        }
    }

    @Test(arguments: [
        ("/src/big-*", "/src/big-repo", true), ("/src/big-*", "/src/small", false), ("*.git", "https://h/x.git", true),
        ("https://github.com/acme/*", "https://github.com/acme/web", true), ("/a/*/c", "/a/b/c", true),
        ("/a/*/c", "/a/b/d", false), ("/a", "/a", true), ("/a/", "/a/b", true), ("/a", "/ab", false),
    ])
    func repositoryPatterns(pattern: String, repository: String, matches: Bool) {
        #expect(RoutingRule(repo: pattern, provider: "local").matches(repository: repository, labels: []) == matches)
    }
}
