import HummingbirdWebSocket
import RClaudeCore

/// Writes to a WebSocket, giving up when the client has not taken the message within the
/// stall timeout. A client that never reads fills its socket, the write waits (bounded memory:
/// one message), and then the connection is dropped; the client can reconnect and resume.
struct StalledClientGuard {
    let outbound: WebSocketOutboundWriter
    let timeout: Duration

    func write(_ frame: WebSocketOutboundWriter.OutboundFrame) async throws {
        let outbound = self.outbound
        let timeout = self.timeout
        let written = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await outbound.write(frame)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard written else {
            throw CoreError(code: .unavailable, message: "the client took no data for \(timeout); closing its connection")
        }
    }
}
