// The answer of ECS ExecuteCommand: the task and container, and the SSM session the data
// channel opens, `session.{sessionId, streamUrl, tokenValue}`. The token is sensitive: it never
// appears in descriptions.

/// The SSM session ExecuteCommand opened.
public struct ECSExecSessionInfo: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// The SSM session's id.
    public var sessionID: String
    /// The data channel's WebSocket URL (`wss://ssmmessages.<region>.amazonaws.com/v1/data-channel/<id>?…`).
    public var streamURL: String
    /// The token the data channel is opened with (sensitive).
    public var tokenValue: String

    enum CodingKeys: String, CodingKey {
        case sessionID = "sessionId"
        case streamURL = "streamUrl"
        case tokenValue
    }

    /// Creates session info.
    public init(sessionID: String, streamURL: String, tokenValue: String) {
        self.sessionID = sessionID
        self.streamURL = streamURL
        self.tokenValue = tokenValue
    }

    /// The session without its token.
    public var description: String { "SSM session \(sessionID) at \(streamURL) (token redacted)" }
}

/// An ExecuteCommand answer.
public struct ECSExecuteCommandResponse: Decodable, Sendable, Equatable {
    /// The cluster's ARN.
    public var clusterArn: String?
    /// The container's ARN.
    public var containerArn: String?
    /// The container's name.
    public var containerName: String?
    /// Whether the command is interactive.
    public var interactive: Bool?
    /// The task's ARN.
    public var taskArn: String?
    /// The SSM session to open.
    public var session: ECSExecSessionInfo
}
