import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeRemote

/// `rclaude remote add|ls|rm`: the `rclaude serve` hosts tasks can run on.
struct RemoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Manage remote hosts (rclaude serve) for --provider remote:NAME.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a remote host and check it answers.")
        @Argument(help: "A short name (letters, digits, - and _).") var name: String
        @Argument(help: "The server's URL, http://HOST:PORT or https://HOST:PORT.") var url: String
        @Option(help: "A file holding the server's token (mode 0600).") var tokenFile: String
        @Option(help: "A PEM file of certificate authorities to trust (self-signed servers).") var caFile: String?
        @Flag(help: "Add it without contacting it.") var noCheck = false

        func run() async throws {
            let env = try LiveEnvironment.make()
            let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
            let endpoint = try CLIError.wrap {
                try RemoteEndpoint(name: name, url: url, tokenFile: absolute(tokenFile), caFile: caFile.map(absolute))
            }
            if !noCheck {
                let api = try CLIError.wrap { try RemoteAPIClient(endpoint: endpoint) }
                _ = try await CLIError.wrapAsync { try await api.list(timeout: .seconds(10)) }
            }
            try CLIError.wrap { try RemoteRegistry(paths: env.paths).add(endpoint) }
            StandardStreams.out("added remote \(name) (\(endpoint.url)); run tasks there with --provider \(endpoint.providerName)\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List remote hosts and whether they answer.")
        @Flag(help: "One JSON object per line.") var json = false

        func run() async throws {
            let env = try LiveEnvironment.make()
            let remotes = try CLIError.wrap { try RemoteRegistry(paths: env.paths).all() }
            for remote in remotes {
                var state = "connected"
                var version = ""
                do {
                    let health = try await RemoteAPIClient(endpoint: remote).health()
                    version = health.version
                } catch {
                    state = "unreachable: \((error as? CoreError)?.message ?? "\(error)")"
                }
                if json {
                    let object: [String: String] = ["name": remote.name, "url": remote.url, "state": state, "version": version]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    StandardStreams.out(String(decoding: data, as: UTF8.self) + "\n")
                } else {
                    StandardStreams.out("\(remote.name)\t\(remote.url)\t\(state)\n")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Forget a remote host (its tasks stay there); an ECS sandbox (ecs-…) is stopped.")
        @Argument(help: "The remote's name.") var name: String

        func run() async throws {
            let env = try LiveEnvironment.make()
            let sandboxes = ECSSandboxes(env: env)
            if sandboxes.isSandbox(name) {
                await sandboxes.release(remote: name)
                StandardStreams.out("removed remote \(name)\n")
                return
            }
            try CLIError.wrap { try RemoteRegistry(paths: env.paths).remove(name) }
            StandardStreams.out("removed remote \(name)\n")
        }
    }
}
