// The `PayloadType` header field of an SSM data-channel message (a big-endian u32), from the
// session-manager-plugin's `message.PayloadType` constants. Acknowledge messages carry 0.

/// What the payload of an SSM data-channel message holds.
public struct SSMPayloadType: Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public let rawValue: UInt32

    /// The payload type with wire value `rawValue`.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// No type: acknowledge and control messages.
    public static let none = SSMPayloadType(0)
    /// Terminal bytes: output (agent → client) and keystrokes (client → agent).
    public static let output = SSMPayloadType(1)
    /// An error text.
    public static let error = SSMPayloadType(2)
    /// Client → agent: the terminal size, JSON `{"cols":…,"rows":…}`.
    public static let size = SSMPayloadType(3)
    /// Session parameters.
    public static let parameter = SSMPayloadType(4)
    /// Agent → client: the handshake request (JSON).
    public static let handshakeRequest = SSMPayloadType(5)
    /// Client → agent: the handshake response (JSON).
    public static let handshakeResponse = SSMPayloadType(6)
    /// Agent → client: the handshake is complete (JSON).
    public static let handshakeComplete = SSMPayloadType(7)
    /// Agent → client: a KMS encryption challenge.
    public static let encryptionChallengeRequest = SSMPayloadType(8)
    /// Client → agent: the answer to a KMS encryption challenge.
    public static let encryptionChallengeResponse = SSMPayloadType(9)
    /// Client → agent: a u32 flag (1 DisconnectToPort, 2 TerminateSession, 3 ConnectToPortError).
    public static let flag = SSMPayloadType(10)
    /// Agent → client: standard error of a non-interactive command.
    public static let stdErr = SSMPayloadType(11)
    /// Agent → client: the exit code of a non-interactive command.
    public static let exitCode = SSMPayloadType(12)

    public var description: String {
        let names: [UInt32: String] = [
            0: "none", 1: "output", 2: "error", 3: "size", 4: "parameter", 5: "handshakeRequest",
            6: "handshakeResponse", 7: "handshakeComplete", 8: "encryptionChallengeRequest",
            9: "encryptionChallengeResponse", 10: "flag", 11: "stdErr", 12: "exitCode",
        ]
        return names[rawValue] ?? "payloadType(\(rawValue))"
    }
}
