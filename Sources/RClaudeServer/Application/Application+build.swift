import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOSSL
import RClaudeCore
import RClaudeRemote

/// The REST API's version (bumped on incompatible changes).
public let serverAPIVersion = 1

/// The router of `rclaude serve`: errors as JSON, the bearer token, and every route.
public func buildRouter(_ configuration: ServerConfiguration, version: String) throws -> Router<ServerRequestContext> {
    let host = try TaskHost(configuration: configuration)
    let router = Router(context: ServerRequestContext.self)
    let table = RouteTable()
    router.add(middleware: ErrorMiddleware(routes: table))
    router.add(middleware: BearerTokenMiddleware(token: configuration.token))
    router.get("/healthz") { _, _ in
        try JSONResponse.make(VersionResponse(version: version, apiVersion: serverAPIVersion))
    }
    router.get("/api/version") { _, _ in
        try JSONResponse.make(VersionResponse(version: version, apiVersion: serverAPIVersion))
    }
    router.addRoutes(TaskController(host: host, limits: configuration.limits).endpoints, atPath: "/api/tasks")
    router.addRoutes(FileController(host: host, limits: configuration.limits).endpoints, atPath: "/api/tasks")
    router.addRoutes(RepositoryController(host: host, limits: configuration.limits).endpoints, atPath: "/api")
    router.addRoutes(SessionController(host: host, limits: configuration.limits).endpoints, atPath: "/api/sessions")
    StreamController(host: host, limits: configuration.limits).register(on: router)
    table.load(router.routes)
    return router
}

/// The whole daemon: HTTP/1.1 with WebSocket upgrade, over TLS when configured.
///
/// - Parameter onServerRunning: called with the bound port once listening (port 0 picks one).
/// - Throws: `CoreError` when the TLS files are unreadable or do not match.
public func buildApplication(
    _ configuration: ServerConfiguration, version: String, logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(configuration, version: version)
    let upgrade = HTTP1WebSocketUpgradeChannel.Configuration(
        ws: WebSocketServerConfiguration(
            maxFrameSize: configuration.limits.maxWebSocketFrame,
            autoPing: .enabled(timePeriod: configuration.limits.pingInterval),
            closeTimeout: .seconds(15),
            validateUTF8: true))
    var server = HTTPServerBuilder.http1WebSocketUpgrade(webSocketRouter: router, configuration: upgrade)
    if let tls = configuration.tls {
        server = try HTTPServerBuilder.tls(server, tlsConfiguration: try TLSFilesLoader.serverConfiguration(tls))
    }
    var log = logger ?? Logger(label: "rclaude.serve")
    if logger == nil { log.logLevel = .warning }
    return Application(
        router: router,
        server: server,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "rclaude"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: log)
}
