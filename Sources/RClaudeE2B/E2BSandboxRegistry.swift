import RClaudeCore
import Synchronization

/// What this rclaude process knows about E2B sandboxes: which sandbox belongs to which task,
/// and each sandbox's envd credentials, so launches and file calls skip a control-plane
/// lookup. Shared by every copy of a provider; losing it only costs lookups.
public final class E2BSandboxRegistry: Sendable {
    /// How to reach a sandbox's envd.
    public struct Access: Sendable, Equatable {
        /// The sandbox's id.
        public var sandboxID: String
        /// The envd access token.
        public var accessToken: String?
        /// The sandbox's own domain, when E2B gave one.
        public var domain: String?
        /// envd's version.
        public var envdVersion: String

        /// Creates access details.
        public init(sandboxID: String, accessToken: String?, domain: String?, envdVersion: String) {
            self.sandboxID = sandboxID
            self.accessToken = accessToken
            self.domain = domain
            self.envdVersion = envdVersion
        }
    }

    private struct State {
        var sandboxes: [TaskID: String] = [:]
        var access: [String: Access] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// The sandbox of task `id`, if known.
    public func sandbox(of id: TaskID) -> String? { state.withLock { $0.sandboxes[id] } }

    /// Records that task `id` uses sandbox `sandboxID`.
    public func assign(_ sandboxID: String, to id: TaskID) { state.withLock { $0.sandboxes[id] = sandboxID } }

    /// The access details of sandbox `sandboxID`, if known.
    public func access(_ sandboxID: String) -> Access? { state.withLock { $0.access[sandboxID] } }

    /// Records access details.
    public func remember(_ access: Access) { state.withLock { $0.access[access.sandboxID] = access } }

    /// Forgets sandbox `sandboxID` (killed or gone).
    public func forget(_ sandboxID: String) {
        state.withLock { state in
            state.access[sandboxID] = nil
            state.sandboxes = state.sandboxes.filter { $0.value != sandboxID }
        }
    }
}
