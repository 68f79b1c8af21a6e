import Synchronization

/// How a remote's streams are doing, for the TUI header.
public enum ConnectionState: Sendable, Equatable {
    /// Streams are connected.
    case connected
    /// A stream lost its connection and is retrying (attempt number, last error).
    case reconnecting(attempt: Int, reason: String)
    /// The remote could not be reached.
    case unreachable(reason: String)
}

/// The latest connection state of each remote, shared by every stream of this process.
public final class ConnectionStates: Sendable {
    /// The process-wide table.
    public static let shared = ConnectionStates()
    private let states = Mutex<[String: ConnectionState]>([:])

    /// Creates an empty table.
    public init() {}

    /// Records `state` for `remote`.
    public func set(_ remote: String, _ state: ConnectionState) { states.withLock { $0[remote] = state } }

    /// The state of `remote`, if known.
    public func state(of remote: String) -> ConnectionState? { states.withLock { $0[remote] } }
}
