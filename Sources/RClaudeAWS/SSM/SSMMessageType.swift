// The `MessageType` header field of an SSM data-channel message: up to 32 ASCII bytes on the
// wire, right-padded with spaces. The known values are static members; any other string the
// service sends decodes too, so a newer agent does not break the codec.

/// The type of an SSM data-channel message (`input_stream_data`, `acknowledge`, …).
public struct SSMMessageType: Hashable, Sendable, CustomStringConvertible {
    /// The type's name as it appears on the wire, without padding.
    public let rawValue: String

    /// A message type named `rawValue`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Client → agent: keystrokes, terminal sizes, handshake responses.
    public static let inputStreamData = SSMMessageType("input_stream_data")
    /// Agent → client: terminal output and handshake requests.
    public static let outputStreamData = SSMMessageType("output_stream_data")
    /// Both ways: a stream-data message arrived.
    public static let acknowledge = SSMMessageType("acknowledge")
    /// Agent → client: the session is over.
    public static let channelClosed = SSMMessageType("channel_closed")
    /// Agent → client: the remote end is active again; stream data may be sent.
    public static let startPublication = SSMMessageType("start_publication")
    /// Agent → client: the remote end is inactive; hold stream data until `start_publication`.
    public static let pausePublication = SSMMessageType("pause_publication")

    public var description: String { rawValue }
}
