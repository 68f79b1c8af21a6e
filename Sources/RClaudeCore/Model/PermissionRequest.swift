import Foundation

/// An agent's request to use a tool, waiting for the user's answer.
public struct PermissionRequest: Sendable, Equatable, Codable {
    /// The agent's id for the request (answers name it).
    public var requestID: String
    /// The tool (`Bash`, `Write`, `Edit`, …).
    public var toolName: String
    /// What the tool would do, short (the command, the file path…).
    public var summary: String
    /// The tool's full input, as JSON text.
    public var input: String
    /// When the agent asked.
    public var requestedAt: Date

    /// Creates a request.
    public init(requestID: String, toolName: String, summary: String, input: String, requestedAt: Date) {
        self.requestID = requestID
        self.toolName = toolName
        self.summary = summary
        self.input = input
        self.requestedAt = requestedAt
    }
}

/// The user's answer to a `PermissionRequest`, or a request to interrupt the running turn.
public enum SteeringCommand: Sendable, Equatable, Codable {
    /// Let the tool run.
    case allow(requestID: String)
    /// Refuse it; the agent is told `message`.
    case deny(requestID: String, message: String)
    /// Stop the agent's current turn (the task ends; a follow-up can continue it).
    case interrupt
}
