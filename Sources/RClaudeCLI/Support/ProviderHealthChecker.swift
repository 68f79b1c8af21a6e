import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// Checks whether a provider can take tasks now, for routing and `rclaude doctor`: local always
/// can; docker when its daemon answers `/_ping`; a remote when its `/healthz` answers. Each check
/// is bounded by a few seconds.
struct ProviderHealthChecker {
    let env: LiveEnvironment

    /// Checks `provider`.
    func check(_ provider: String) async -> ProviderHealth {
        do {
            switch provider {
            case "local":
                return .healthy
            case "docker":
                try await DockerProvider(environment: env.environment).client.ping()
                return .healthy
            case let name where name.hasPrefix("remote:"):
                _ = try await RemoteTasks(env: env, warn: false).service(provider: name).api.health()
                return .healthy
            default:
                return try await env.cloudHealth(provider)
            }
        } catch {
            return .unhealthy(CLIError.message(of: error))
        }
    }
}
