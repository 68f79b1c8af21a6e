// The seam between the data channel's logic and the network: a WebSocket that sends text and
// binary messages and delivers what arrives as a stream. `SSMWebSocketClient` is the real one;
// tests use a scripted one. Anything that speaks WebSocket (a NIO client in the CLI target) can
// be wrapped to fit.

/// One WebSocket message.
public enum SSMWebSocketMessage: Sendable, Equatable {
    /// A TEXT message (the open-data-channel request).
    case text(String)
    /// A BINARY message (one `SSMClientMessage`).
    case binary([UInt8])
}

/// An open WebSocket, as the data channel uses it.
public protocol SSMWebSocketTransport: Sendable {
    /// The messages that arrive, in order; it finishes when the peer closes the socket and
    /// throws when the connection fails. It has one consumer: the data channel.
    var messages: AsyncThrowingStream<SSMWebSocketMessage, any Error> { get }

    /// Sends one message; messages go out in the order of the calls.
    ///
    /// - Throws: `CoreError` `.unavailable` when the socket is closed or the write fails.
    func send(_ message: SSMWebSocketMessage) async throws

    /// Closes the socket (a close frame, then the connection); `messages` finishes.
    func close() async
}

/// Opens WebSockets: `SSMWebSocketClient.Connector` live, a scripted connector in tests.
public protocol SSMWebSocketConnector: Sendable {
    /// Opens a WebSocket to `url` (`wss://…` or `ws://…`, used exactly as given).
    ///
    /// - Throws: `CoreError` `.unavailable` when the host cannot be reached or refuses the upgrade.
    func connect(to url: String) async throws -> any SSMWebSocketTransport
}
