import Foundation
import RClaudeAWS
import RClaudeCore
import RClaudeE2B
import RClaudeStore

/// `rclaude doctor`'s checks of the cloud providers that are configured: ECS (settings,
/// credentials, the cluster) and E2B (the API key, the template), plus config.json itself.
struct CloudDoctorChecks {
    let env: LiveEnvironment

    func all() async -> [DoctorCheck] {
        var checks = [configCheck()]
        checks += await ecsChecks()
        checks += await e2bChecks()
        return checks
    }

    func configCheck() -> DoctorCheck {
        let path = ConfigFile.path(environment: env.environment)
        let exists = FileManager.default.fileExists(atPath: path)
        let detail =
            exists
            ? "\(path): default \(env.config.defaultProvider), \(env.config.routes.count) rule(s), \(env.config.providers.count) provider setting(s)"
            : "\(path) absent: defaults (local, no rules)"
        return DoctorCheck(area: "config", name: "config.json", outcome: .ok, detail: detail)
    }

    func ecsChecks() async -> [DoctorCheck] {
        let configured =
            !env.config.settings(for: "ecs").options.isEmpty || env.environment.keys.contains { $0.hasPrefix("RCLAUDE_ECS_") }
        guard configured else { return [] }
        let config: ECSProviderConfig
        do {
            config = try ECSSandboxes(env: env).config()
        } catch {
            return [
                DoctorCheck(
                    area: "ecs", name: "settings", outcome: .failed, detail: CLIError.message(of: error),
                    fix: "set providers.ecs in config.json (cluster, taskDefinition, subnets, securityGroups) or the RCLAUDE_ECS_* variables")
            ]
        }
        var checks = [DoctorCheck(area: "ecs", name: "settings", outcome: .ok, detail: "cluster \(config.cluster), \(config.taskDefinition)")]
        let provisioner: ECSSandboxProvisioner
        do {
            provisioner = try ECSSandboxProvisioner.live(config: config, environment: env.environment)
        } catch {
            checks.append(
                DoctorCheck(
                    area: "ecs", name: "credentials", outcome: .failed, detail: CLIError.message(of: error),
                    fix: "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, and a region"))
            return checks
        }
        do {
            let clusters = try await provisioner.client.describeClusters([config.cluster])
            if let cluster = clusters.clusters.first, cluster.status == "ACTIVE" {
                checks.append(DoctorCheck(area: "ecs", name: "credentials", outcome: .ok, detail: "accepted"))
                checks.append(
                    DoctorCheck(
                        area: "ecs", name: "cluster", outcome: .ok,
                        detail: "\(config.cluster) ACTIVE, \(cluster.runningTasksCount ?? 0) running task(s)"))
            } else {
                checks.append(DoctorCheck(area: "ecs", name: "credentials", outcome: .ok, detail: "accepted"))
                checks.append(
                    DoctorCheck(
                        area: "ecs", name: "cluster", outcome: .failed, detail: "\(config.cluster) is missing or not ACTIVE",
                        fix: "create it (aws ecs create-cluster --cluster-name \(config.cluster)) or fix providers.ecs.cluster"))
            }
        } catch {
            checks.append(
                DoctorCheck(
                    area: "ecs", name: "credentials", outcome: .failed, detail: CLIError.message(of: error),
                    fix: "refresh the credentials (a new AWS_SESSION_TOKEN, aws sso login) and check the region"))
        }
        return checks
    }

    func e2bChecks() async -> [DoctorCheck] {
        guard env.environment["E2B_API_KEY"].map({ !$0.isEmpty }) == true || !env.config.settings(for: "e2b").options.isEmpty else {
            return []
        }
        let provider: E2BProvider
        do {
            provider = try E2BProvider(environment: env.environment)
        } catch {
            return [
                DoctorCheck(
                    area: "e2b", name: "settings", outcome: .failed, detail: CLIError.message(of: error),
                    fix: "set E2B_API_KEY (and RCLAUDE_E2B_TEMPLATE, RCLAUDE_E2B_TIMEOUT)")
            ]
        }
        do {
            let sandboxes = try await provider.client.listSandboxes()
            return [
                DoctorCheck(area: "e2b", name: "API key", outcome: .ok, detail: "accepted; \(sandboxes.count) sandbox(es) running"),
                DoctorCheck(
                    area: "e2b", name: "template", outcome: provider.options.template == "base" ? .warning : .ok,
                    detail: provider.options.template,
                    fix: "the base template has no agent CLIs; build a template with Claude Code and set RCLAUDE_E2B_TEMPLATE"),
            ]
        } catch {
            return [
                DoctorCheck(
                    area: "e2b", name: "API key", outcome: .failed, detail: CLIError.message(of: error),
                    fix: "check E2B_API_KEY (e2b.dev dashboard → API keys) and E2B_DOMAIN/E2B_API_URL")
            ]
        }
    }
}
