// The JSON payload of an `acknowledge` message: which stream-data message arrived. Field names
// and order follow session-manager-plugin's `message.AcknowledgeContent`.

import Foundation

/// The payload of an `acknowledge` message.
public struct SSMAcknowledgeContent: Codable, Sendable, Equatable {
    /// The acknowledged message's type (`output_stream_data`).
    public var messageType: String
    /// The acknowledged message's id, lower-case with hyphens.
    public var messageID: String
    /// The acknowledged message's sequence number.
    public var sequenceNumber: Int64
    /// Whether the acknowledged message is part of the numbered stream (always true here).
    public var isSequentialMessage: Bool

    enum CodingKeys: String, CodingKey {
        case messageType = "AcknowledgedMessageType"
        case messageID = "AcknowledgedMessageId"
        case sequenceNumber = "AcknowledgedMessageSequenceNumber"
        case isSequentialMessage = "IsSequentialMessage"
    }

    /// Creates acknowledge content.
    public init(messageType: String, messageID: String, sequenceNumber: Int64, isSequentialMessage: Bool = true) {
        self.messageType = messageType
        self.messageID = messageID
        self.sequenceNumber = sequenceNumber
        self.isSequentialMessage = isSequentialMessage
    }

    /// The content acknowledging `message`.
    public init(acknowledging message: SSMClientMessage) {
        self.init(
            messageType: message.messageType.rawValue, messageID: SSMJSON.uuidString(message.messageID),
            sequenceNumber: message.sequenceNumber)
    }

    /// The JSON bytes, keys in the plugin's order:
    /// `{"AcknowledgedMessageType":…,"AcknowledgedMessageId":…,"AcknowledgedMessageSequenceNumber":…,"IsSequentialMessage":true}`.
    public func json() -> [UInt8] {
        let text =
            "{\"AcknowledgedMessageType\":\(SSMJSON.quoted(messageType)),"
            + "\"AcknowledgedMessageId\":\(SSMJSON.quoted(messageID)),"
            + "\"AcknowledgedMessageSequenceNumber\":\(sequenceNumber),"
            + "\"IsSequentialMessage\":\(isSequentialMessage)}"
        return Array(text.utf8)
    }
}
