// `ECSClient.executeCommand`: ExecuteCommand through the client's signed JSON 1.1 call, with a
// hint about ECS Exec's prerequisites when ECS says the target is not reachable.

import RClaudeCore

extension ECSClient {
    /// Runs a command in a task's container through ECS Exec (ExecuteCommand).
    ///
    /// - Parameter request: the cluster, task, container and command.
    /// - Returns: the SSM session whose data channel carries the command's terminal.
    /// - Throws: `CoreError` from the call, with a hint about ECS Exec's prerequisites when ECS
    ///   reports the target is not connected or execute-command is not enabled.
    public func executeCommand(_ request: ECSExecuteCommandRequest) async throws -> ECSExecuteCommandResponse {
        do {
            return try await call(
                "ExecuteCommand", request, as: ECSExecuteCommandResponse.self, cluster: request.cluster)
        } catch let error as CoreError {
            let text = error.message.lowercased()
            guard
                text.contains("targetnotconnected") || text.contains("execute command")
                    || text.contains("executecommand") && (text.contains("not enabled") || text.contains("agent"))
            else { throw error }
            throw CoreError(
                code: error.code,
                message:
                    error.message
                    + ". ECS Exec needs: the task started with enableExecuteCommand=true, its container's ExecuteCommandAgent "
                    + "RUNNING (DescribeTasks → containers[].managedAgents), and a task role allowing "
                    + "ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel")
        }
    }
}
