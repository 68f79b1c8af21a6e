// Why bytes from the data channel are not a valid `ClientMessage`. Decoding never traps: a
// short, garbled or tampered frame becomes one of these, and the data channel drops the frame
// unacknowledged (so the agent sends it again) and reports it.

/// A data-channel frame that cannot be decoded or fails its checks.
public enum SSMMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer bytes than the fixed header (or than the header length announces).
    case truncated(length: Int, needed: Int)
    /// The header-length field is 0 or too small to hold the fixed fields.
    case invalidHeaderLength(UInt32)
    /// The message-type field is blank.
    case missingMessageType
    /// The created-date field is 0.
    case missingCreatedDate(messageType: String)
    /// The payload-length field disagrees with the bytes after the header.
    case payloadLengthMismatch(declared: UInt32, actual: Int)
    /// SHA-256 of the payload differs from the payload-digest field.
    case digestMismatch(messageType: String, sequenceNumber: Int64)

    public var description: String {
        switch self {
        case .truncated(let length, let needed):
            return "SSM data-channel frame is truncated: \(length) bytes, at least \(needed) needed"
        case .invalidHeaderLength(let value):
            return "SSM data-channel frame has an invalid header length \(value) (expected at least 116)"
        case .missingMessageType:
            return "SSM data-channel frame has no message type"
        case .missingCreatedDate(let type):
            return "SSM data-channel \(type) frame has no created date"
        case .payloadLengthMismatch(let declared, let actual):
            return "SSM data-channel frame declares a \(declared)-byte payload but carries \(actual) bytes"
        case .digestMismatch(let type, let sequence):
            return "SSM data-channel \(type) frame #\(sequence) fails its SHA-256 payload digest check"
        }
    }
}
