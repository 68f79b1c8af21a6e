import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeRemote
import RClaudeStore

/// `rclaude doctor`: checks everything tasks depend on and says how to fix what fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the cache, the agent CLIs and every configured provider, and say how to fix what fails.",
        discussion: "Exits 1 when a check failed (warnings do not count).")

    @Flag(help: "One JSON object per check per line.") var json = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        var checks: [DoctorCheck] = []
        checks.append(cacheCheck(env))
        checks += await agentChecks(env)
        checks += await remoteChecks(env)
        checks += await dockerChecks(env)
        checks += await CloudDoctorChecks(env: env).all()
        for check in checks {
            if json {
                StandardStreams.out(JSONLines.encode(check) + "\n")
            } else {
                let mark = switch check.outcome {
                case .ok: "ok  "
                case .warning: "warn"
                case .failed: "FAIL"
                }
                var line = "\(mark)  \(TaskTable.pad(check.area, 12)) \(TaskTable.pad(check.name, 22)) \(check.detail)"
                if let fix = check.fix, check.outcome != .ok { line += "\n      fix: \(fix)" }
                StandardStreams.out(line + "\n")
            }
        }
        if checks.contains(where: { $0.outcome == .failed }) { throw ExitCode(1) }
    }

    private func cacheCheck(_ env: LiveEnvironment) -> DoctorCheck {
        let probe = env.paths.dataDirectory + "/.doctor-\(getpid())"
        do {
            try PosixFile.writeAtomically(probe, Array("ok".utf8))
            unlink(probe)
            let load = try env.cache.load()
            let detail = "\(env.paths.dataDirectory): \(load.tasks.count) tasks"
            if load.problems.isEmpty { return DoctorCheck(area: "cache", name: "task cache", outcome: .ok, detail: detail) }
            return DoctorCheck(
                area: "cache", name: "task cache", outcome: .warning, detail: detail + ", \(load.problems.count) damaged record(s) set aside",
                fix: "see \(env.paths.quarantineDirectory); 'rclaude ls' prints each problem")
        } catch {
            return DoctorCheck(
                area: "cache", name: "task cache", outcome: .failed, detail: "\(error)",
                fix: "make \(env.paths.dataDirectory) writable, or set RCLAUDE_HOME to a writable directory")
        }
    }

    private func agentChecks(_ env: LiveEnvironment) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let locator = AgentBinaryLocator(environment: env.environment)
        for agent in AgentKind.allCases where agent != .shell {
            do {
                let path = try locator.locate(agent)
                let version = await Self.version(of: path, environment: env.environment)
                checks.append(
                    DoctorCheck(
                        area: "agent", name: agent.rawValue, outcome: version == nil ? .warning : .ok,
                        detail: "\(path)\(version.map { " (\($0))" } ?? " does not answer --version")",
                        fix: "reinstall the \(agent.rawValue) CLI"))
            } catch {
                let message = (error as? ProviderError)?.message ?? "\(error)"
                checks.append(
                    DoctorCheck(
                        area: "agent", name: agent.rawValue, outcome: agent == .claude ? .failed : .warning, detail: "not found",
                        fix: message))
            }
        }
        if let git = locator.search("git") {
            checks.append(DoctorCheck(area: "tool", name: "git", outcome: .ok, detail: git))
        } else {
            checks.append(
                DoctorCheck(
                    area: "tool", name: "git", outcome: .warning, detail: "not found",
                    fix: "install git for --repo worktrees and the file browser's changes (apt-get install git)"))
        }
        return checks
    }

    private func remoteChecks(_ env: LiveEnvironment) async -> [DoctorCheck] {
        let endpoints: [RemoteEndpoint]
        do {
            endpoints = try RemoteRegistry(paths: env.paths).all()
        } catch {
            return [DoctorCheck(area: "remote", name: "remotes.json", outcome: .failed, detail: "\(error)", fix: "fix or remove the file")]
        }
        var checks: [DoctorCheck] = []
        for endpoint in endpoints {
            let area = endpoint.providerName
            let api: RemoteAPIClient
            do {
                api = try RemoteAPIClient(endpoint: endpoint)
            } catch {
                checks.append(
                    DoctorCheck(
                        area: area, name: "token file", outcome: .failed, detail: (error as? CoreError)?.message ?? "\(error)",
                        fix: "copy the server's token into \(endpoint.tokenFile) and chmod 600 it"))
                continue
            }
            do {
                let health = try await api.health()
                checks.append(DoctorCheck(area: area, name: "reachable", outcome: .ok, detail: "\(endpoint.url) (rclaude \(health.version))"))
            } catch {
                checks.append(
                    DoctorCheck(
                        area: area, name: "reachable", outcome: .failed, detail: (error as? CoreError)?.message ?? "\(error)",
                        fix: "start 'rclaude serve' on that host, or fix the URL with 'rclaude remote rm/add'"))
                continue
            }
            do {
                let listing = try await api.list()
                checks.append(DoctorCheck(area: area, name: "token accepted", outcome: .ok, detail: "\(listing.tasks.count) task(s) there"))
            } catch {
                checks.append(
                    DoctorCheck(
                        area: area, name: "token accepted", outcome: .failed, detail: (error as? CoreError)?.message ?? "\(error)",
                        fix: "the token in \(endpoint.tokenFile) must be the one in the server's token file"))
            }
        }
        return checks
    }

    /// The docker provider, when it is configured (DOCKER_HOST set, or the default socket present).
    private func dockerChecks(_ env: LiveEnvironment) async -> [DoctorCheck] {
        let configured = env.environment["DOCKER_HOST"].map { !$0.isEmpty } ?? false
        guard configured || FileManager.default.fileExists(atPath: "/var/run/docker.sock") else { return [] }
        let provider: DockerProvider
        do {
            provider = try DockerProvider(environment: env.environment)
        } catch {
            return [
                DoctorCheck(
                    area: "docker", name: "DOCKER_HOST", outcome: .failed, detail: (error as? CoreError)?.message ?? "\(error)",
                    fix: "set DOCKER_HOST to unix:///path/to/docker.sock or tcp://HOST:PORT")
            ]
        }
        var checks: [DoctorCheck] = []
        do {
            let version = try await provider.client.version()
            checks.append(DoctorCheck(area: "docker", name: "daemon", outcome: .ok, detail: "\(version.version) (API \(version.apiVersion))"))
        } catch {
            return [
                DoctorCheck(
                    area: "docker", name: "daemon", outcome: .failed, detail: (error as? CoreError)?.message ?? "\(error)",
                    fix: "start the Docker or Podman API service, or fix DOCKER_HOST")
            ]
        }
        let image = provider.options.image
        if (try? await provider.client.imageExists(image)) == true {
            checks.append(DoctorCheck(area: "docker", name: "image", outcome: .ok, detail: image))
        } else {
            checks.append(
                DoctorCheck(
                    area: "docker", name: "image", outcome: .failed, detail: "\(image) is not on the daemon",
                    fix: "build it (docs/sandbox.Dockerfile), pull or import it, or set RCLAUDE_DOCKER_IMAGE"))
        }
        return checks
    }

    /// The first line a program prints for `--version` within 5 seconds, if any.
    static func version(of path: String, environment: [String: String]) async -> String? {
        guard
            let process = try? LocalProcessRunner().spawn(
                executable: path, arguments: ["--version"], environment: environment, directory: nil, terminal: nil, mergeStderr: true)
        else { return nil }
        let timer = Task {
            try await Task.sleep(for: .seconds(5))
            process.signal(SIGKILL)
        }
        var bytes: [UInt8] = []
        for await chunk in process.output where bytes.count < 4096 { bytes += chunk.bytes }
        let exit = await process.wait()
        timer.cancel()
        guard exit.code == 0 else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init)
        return line?.trimmingCharacters(in: .whitespaces)
    }
}
