import HummingbirdWebSocket
import RClaudeCore
import Synchronization

/// Writes to a WebSocket and watches for a client that stops taking data. A client that never
/// reads fills its socket; the pending write waits (bounded memory: one message), and once it
/// has waited for the stall timeout, `watch()` throws, which ends the connection. The client can
/// reconnect and resume from its offset.
final class StalledClientGuard: Sendable {
    let outbound: WebSocketOutboundWriter
    let timeout: Duration
    private let pendingSince = Mutex<ContinuousClock.Instant?>(nil)

    init(outbound: WebSocketOutboundWriter, timeout: Duration) {
        self.outbound = outbound
        self.timeout = timeout
    }

    /// Writes one message (waiting while the client's socket is full).
    func write(_ frame: WebSocketOutboundWriter.OutboundFrame) async throws {
        pendingSince.withLock { $0 = ContinuousClock.now }
        defer { pendingSince.withLock { $0 = nil } }
        try await outbound.write(frame)
    }

    /// Returns never; throws when a write has been pending for longer than the timeout. One
    /// watcher per connection (not a timer per message).
    func watch() async throws {
        let tick = min(timeout / 4, .seconds(1))
        while true {
            try await Task.sleep(for: tick)
            if let since = pendingSince.withLock({ $0 }), ContinuousClock.now - since > timeout {
                throw CoreError(code: .unavailable, message: "the client took no data for \(timeout); closing its connection")
            }
        }
    }
}
