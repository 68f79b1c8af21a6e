import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: Hummingbird's core storage, the WebSocket upgrade
/// slot, and the upload limit (bodies are collected up to it and refused beyond).
public struct ServerRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ServerRequestContext>
    /// The connection (the terminal route relays on its event loop).
    public let channel: any Channel
    /// The most bytes a request body may have (file writes raise it per route).
    public var maxUploadSize: Int { 16 << 20 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}
