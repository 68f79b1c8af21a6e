import ArgumentParser
import Foundation
import RClaudeAWS
import RClaudeCore
import RClaudeUI

/// `rclaude ecs-exec TASK`: a shell in an ECS task through ECS Exec (the SSM data channel), the
/// attach path that needs no inbound port.
struct ECSExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecs-exec",
        abstract: "Open a shell in an ECS task through ECS Exec (no inbound port needed).",
        discussion: """
            The task needs enableExecuteCommand and an SSM agent (Fargate has one); the cluster, \
            region and credentials come from providers.ecs in config.json or the RCLAUDE_ECS_* and \
            AWS variables. Detach with Ctrl-\\ (RCLAUDE_DETACH_KEY). Output passes through the same \
            filter as attach.
            """)

    @Argument(help: "The ECS task's ARN or id, or an rclaude ECS sandbox's remote name (ecs-…).") var task: String
    @Option(help: "The container (default: the configured containerName).") var container: String?
    @Option(help: "The command to run.") var command = "/bin/sh"

    func run() async throws {
        let env = try LiveEnvironment.make()
        let sandboxes = ECSSandboxes(env: env)
        let config = try CLIError.wrap { try sandboxes.config() }
        let taskArn = sandboxes.taskArn(ofRemote: task) ?? task
        let provisioner = try CLIError.wrap { try ECSSandboxProvisioner.live(config: config, environment: env.environment) }
        let size = TerminalWidth.size() ?? TerminalSize(rows: 24, cols: 80)
        let session = try await CLIError.wrapAsync {
            try await ECSExecSession.start(
                client: provisioner.client,
                request: ECSExecuteCommandRequest(
                    cluster: config.cluster, task: taskArn, container: container ?? config.containerName, command: command),
                size: size)
        }
        let detachKey = DetachKey.fromEnvironment(env.environment)
        StandardStreams.err("connected to \(taskArn) through ECS Exec — press \(detachKey.label) to detach\r\n")
        if await TerminalSessionLoop(session: session, detachKey: detachKey).run() == .detached {
            StandardStreams.err("\r\ndetached; the shell was closed\n")
            return
        }
        let closure = try? await session.wait()
        let code = closure?.exitCode ?? 0
        StandardStreams.err("\r\nthe ECS Exec session ended\(closure.map { $0.output.isEmpty ? "" : ": \($0.output)" } ?? "")\n")
        throw ExitCode(Int32(truncatingIfNeeded: code))
    }
}
