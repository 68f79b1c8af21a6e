import RClaudeCore
import RClaudeStore

/// Everything `rclaude serve` needs to run: where to listen, the token, TLS, the data
/// directory and limits. Built by the CLI (or a test) and handed to `buildApplication`.
public struct ServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1` by default).
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// The bearer token every route but `/healthz` requires.
    public var token: String
    /// PEM certificate chain and private key paths; TLS is on when set.
    public var tls: TLSFiles?
    /// Where the server keeps its tasks (its own cache, separate from the user's).
    public var paths: StorePaths
    /// The environment tasks inherit.
    public var environment: [String: String]
    /// The `rclaude` executable that runs task supervisors.
    public var executablePath: String
    /// Size and time limits.
    public var limits: ServerLimits

    /// PEM files for TLS.
    public struct TLSFiles: Sendable, Equatable {
        /// The certificate chain.
        public var certificatePath: String
        /// The private key.
        public var keyPath: String

        /// Creates the pair.
        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 7070, token: String, tls: TLSFiles? = nil, paths: StorePaths,
        environment: [String: String], executablePath: String, limits: ServerLimits = ServerLimits()
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.tls = tls
        self.paths = paths
        self.environment = environment
        self.executablePath = executablePath
        self.limits = limits
    }
}

/// The server's limits. Requests over them get a clear 413 (or a closed socket for WebSockets).
public struct ServerLimits: Sendable, Equatable {
    /// The largest JSON request body.
    public var maxRequestBody: Int = 1 << 20
    /// The largest file read through the file API.
    public var maxFileRead: Int = 8 << 20
    /// The largest file written through the file API.
    public var maxFileWrite: Int = 8 << 20
    /// The largest repository bundle a client may upload.
    public var maxRepositoryBundle: Int = 1 << 30
    /// The largest WebSocket frame a client may send.
    public var maxWebSocketFrame: Int = 1 << 20
    /// The largest output message the server sends on a WebSocket.
    public var outputChunk: Int = 64 << 10
    /// How long one WebSocket write may wait for a client that does not read before the
    /// connection is closed (it can come back and resume from its offset).
    public var stallTimeout: Duration = .seconds(30)
    /// How often the server pings each WebSocket; a peer that misses a pong is disconnected.
    public var pingInterval: Duration = .seconds(15)
    /// How much output `POST /api/sessions/{id}/execute` keeps per stream.
    public var maxExecuteOutput: Int = 1 << 20

    /// The defaults.
    public init() {}
}
