// The JSON payload of a `channel_closed` message: the agent ended the session, with an
// optional reason in `Output`. Every field is optional here so an odd payload still ends the
// session cleanly.

/// The payload of a `channel_closed` message.
public struct SSMChannelClosed: Codable, Sendable, Equatable {
    /// The closing message's id.
    public var messageID: String?
    /// When it was created (epoch milliseconds, as text).
    public var createdDate: String?
    /// The session's target.
    public var destinationID: String?
    /// The session's id.
    public var sessionID: String?
    /// `channel_closed`.
    public var messageType: String?
    /// The schema version.
    public var schemaVersion: Int?
    /// Why the channel closed, or empty.
    public var output: String?

    enum CodingKeys: String, CodingKey {
        case messageID = "MessageId"
        case createdDate = "CreatedDate"
        case destinationID = "DestinationId"
        case sessionID = "SessionId"
        case messageType = "MessageType"
        case schemaVersion = "SchemaVersion"
        case output = "Output"
    }

    /// Creates the payload.
    public init(sessionID: String? = nil, output: String? = nil) {
        self.sessionID = sessionID
        self.output = output
    }
}
