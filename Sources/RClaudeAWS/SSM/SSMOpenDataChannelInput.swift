// The first WebSocket frame of a data channel: a TEXT frame with this JSON, which hands the
// service the session token ExecuteCommand returned (`session.tokenValue`).

import Foundation

/// The open-data-channel request (session-manager-plugin's `service.OpenDataChannelInput`).
public struct SSMOpenDataChannelInput: Codable, Sendable, Equatable {
    /// The message schema version (`1.0`).
    public var messageSchemaVersion: String
    /// A fresh UUID per request.
    public var requestID: String
    /// The session token (sensitive).
    public var tokenValue: String
    /// The client's id, a UUID fixed for the client's lifetime.
    public var clientID: String
    /// The client's version, as the plugin's `1.2.x.y`.
    public var clientVersion: String

    enum CodingKeys: String, CodingKey {
        case messageSchemaVersion = "MessageSchemaVersion"
        case requestID = "RequestId"
        case tokenValue = "TokenValue"
        case clientID = "ClientId"
        case clientVersion = "ClientVersion"
    }

    /// Creates the request.
    ///
    /// - Parameters:
    ///   - tokenValue: ExecuteCommand's `session.tokenValue`.
    ///   - clientID: the client's id (a UUID, lower-case).
    ///   - clientVersion: the version reported to the service.
    ///   - requestID: the request's id (nil: a fresh UUID).
    ///   - messageSchemaVersion: `1.0`.
    public init(
        tokenValue: String, clientID: String, clientVersion: String, requestID: String? = nil,
        messageSchemaVersion: String = "1.0"
    ) {
        self.messageSchemaVersion = messageSchemaVersion
        self.requestID = requestID ?? SSMJSON.uuidString(UUID())
        self.tokenValue = tokenValue
        self.clientID = clientID
        self.clientVersion = clientVersion
    }

    /// The JSON text of the TEXT frame.
    public func json() -> String {
        "{\"MessageSchemaVersion\":\(SSMJSON.quoted(messageSchemaVersion)),\"RequestId\":\(SSMJSON.quoted(requestID)),"
            + "\"TokenValue\":\(SSMJSON.quoted(tokenValue)),\"ClientId\":\(SSMJSON.quoted(clientID)),"
            + "\"ClientVersion\":\(SSMJSON.quoted(clientVersion))}"
    }
}
