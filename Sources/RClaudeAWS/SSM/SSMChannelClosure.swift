// How a data channel ended without failing: the agent sent `channel_closed` (the shell exited,
// the session was terminated) or the client closed it.

/// The end of a data channel.
public struct SSMChannelClosure: Sendable, Equatable {
    /// Who ended it.
    public enum Reason: Sendable, Equatable {
        /// The agent sent `channel_closed`.
        case channelClosed
        /// `close()` was called.
        case closedByClient
    }

    /// Who ended it.
    public var reason: Reason
    /// The agent's closing text (`Output` of `channel_closed`), or empty.
    public var output: String
    /// The exit code the agent reported, if any (non-interactive commands).
    public var exitCode: Int?

    /// Creates a closure.
    public init(reason: Reason, output: String = "", exitCode: Int? = nil) {
        self.reason = reason
        self.output = output
        self.exitCode = exitCode
    }
}
