// What happened on a data channel besides terminal output, for a status line or a log: the
// handshake, frames dropped for failing their checks, resends, publication pauses. Terminal
// bytes never travel here.

/// A notable event on an `SSMDataChannel`.
public enum SSMDataChannelEvent: Sendable, Equatable {
    /// The agent's handshake finished (`customerMessage` is meant for the user, often empty).
    case handshakeCompleted(agentVersion: String?, sessionType: String?, customerMessage: String?)
    /// The client declined handshake actions it cannot perform (KMS encryption, port sessions).
    case actionsDeclined([String])
    /// A frame failed decoding or its digest check; it was dropped unacknowledged, so the agent
    /// resends it.
    case invalidMessageDropped(SSMMessageError)
    /// An input message was resent (`attempt` counts from 1).
    case retransmitted(sequenceNumber: Int64, attempt: Int)
    /// The agent paused publication: input is held.
    case publicationPaused
    /// The agent resumed publication: held input is sent.
    case publicationResumed
    /// A non-interactive command's exit code.
    case exitCode(Int)
}
