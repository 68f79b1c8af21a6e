// An interactive terminal in an ECS task with no inbound port: ECS ExecuteCommand opens an SSM
// session, and the SSM data channel (a WebSocket to `session.streamUrl`, opened with
// `session.tokenValue`) carries the keystrokes, output and terminal size. This is what
// `aws ecs execute-command --interactive` does through session-manager-plugin.

import Foundation
import RClaudeCore

/// An ECS Exec terminal session: ExecuteCommand wired to an `SSMDataChannel`.
public struct ECSExecSession: TerminalSession {
    /// The SSM session ExecuteCommand opened (token redacted in its description).
    public let session: ECSExecSessionInfo
    /// The ExecuteCommand answer (task, container).
    public let response: ECSExecuteCommandResponse
    /// The data channel.
    public let channel: SSMDataChannel

    /// Terminal output, exactly once and in order; finishes when the session ends.
    public var output: AsyncStream<[UInt8]> { channel.output }

    /// Starts a command in a task's container and attaches to its terminal.
    ///
    /// - Parameters:
    ///   - client: the ECS client (credentials, region).
    ///   - request: the cluster, task, container and command (`/bin/sh`).
    ///   - size: the terminal's size, sent once the agent's handshake completes (nil: none).
    ///   - connector: how the WebSocket is opened (`SSMWebSocketClient.Connector()` live).
    ///   - streamURLOverride: a URL to open instead of `session.streamUrl` (tests, proxies).
    ///   - configuration: the data channel's timeouts and buffers.
    ///   - clock: the data channel's clock.
    /// - Returns: the attached session.
    /// - Throws: `CoreError` from ExecuteCommand (credentials, IAM, a task without ECS Exec) or
    ///   from opening the data channel (`.unavailable`).
    public static func start(
        client: ECSClient, request: ECSExecuteCommandRequest, size: TerminalSize? = nil,
        connector: any SSMWebSocketConnector = SSMWebSocketClient.Connector(), streamURLOverride: String? = nil,
        configuration: SSMDataChannelConfiguration = SSMDataChannelConfiguration(),
        clock: any AWSClock = SystemAWSClock()
    ) async throws -> ECSExecSession {
        let response = try await client.executeCommand(request)
        return try await attach(
            response: response, size: size, connector: connector, streamURLOverride: streamURLOverride,
            configuration: configuration, clock: clock)
    }

    /// Attaches to the session of an ExecuteCommand answer (the second half of `start`).
    ///
    /// - Parameters:
    ///   - response: ExecuteCommand's answer.
    ///   - size: the terminal's size (nil: none).
    ///   - connector: how the WebSocket is opened.
    ///   - streamURLOverride: a URL to open instead of `session.streamUrl`.
    ///   - configuration: the data channel's settings.
    ///   - clock: the data channel's clock.
    /// - Returns: the attached session.
    /// - Throws: `CoreError` `.unavailable` when the data channel cannot be opened.
    public static func attach(
        response: ECSExecuteCommandResponse, size: TerminalSize? = nil,
        connector: any SSMWebSocketConnector = SSMWebSocketClient.Connector(), streamURLOverride: String? = nil,
        configuration: SSMDataChannelConfiguration = SSMDataChannelConfiguration(),
        clock: any AWSClock = SystemAWSClock()
    ) async throws -> ECSExecSession {
        let url = streamURLOverride ?? response.session.streamURL
        let transport: any SSMWebSocketTransport
        do {
            transport = try await connector.connect(to: url)
        } catch let error as CoreError {
            throw CoreError(
                code: error.code,
                message: "cannot open the ECS Exec data channel of \(response.session.sessionID): \(error.message)")
        }
        let channel = SSMDataChannel(
            transport: transport, token: response.session.tokenValue, configuration: configuration, clock: clock)
        try await channel.open()
        if let size { try await channel.resize(size) }
        return ECSExecSession(session: response.session, response: response, channel: channel)
    }

    /// Sends keyboard input; after the session ended it is dropped (`wait()` says why).
    public func send(_ bytes: [UInt8]) async {
        try? await channel.write(bytes)
    }

    /// Sends the terminal's new size.
    public func resize(_ size: TerminalSize) async {
        try? await channel.resize(size)
    }

    /// Closes the data channel (the agent ends the command's session).
    public func close() async {
        await channel.close()
    }

    /// Waits for the end of the session.
    ///
    /// - Returns: how it ended (`channel_closed` when the command exited, or `close()`).
    /// - Throws: `CoreError` `.unavailable` when the connection failed or the agent stopped answering.
    public func wait() async throws -> SSMChannelClosure {
        try await channel.waitUntilClosed()
    }
}
