import RClaudeCore

/// Where the Docker Engine API listens: a unix socket (the default `/var/run/docker.sock`, or
/// Podman's `podman system service unix://…` socket) or a plain TCP address.
///
/// Parsed from `DOCKER_HOST` the way the docker CLI reads it: `unix:///path`, `tcp://host:port`.
/// TLS (`DOCKER_TLS_VERIFY`) is not supported; reach a remote daemon over an SSH-forwarded socket.
public enum DockerEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// A unix-domain socket at this path.
    case unix(path: String)
    /// A TCP address.
    case tcp(host: String, port: Int)

    /// The daemon's default socket.
    public static let defaultSocket = DockerEndpoint.unix(path: "/var/run/docker.sock")

    /// The endpoint `DOCKER_HOST` names, or the default socket when it is unset or empty.
    ///
    /// - Throws: `CoreError` `.invalidInput` for a value that is neither `unix://` nor `tcp://`.
    public static func fromEnvironment(_ environment: [String: String]) throws -> DockerEndpoint {
        guard let value = environment["DOCKER_HOST"], !value.isEmpty else { return defaultSocket }
        return try parse(value)
    }

    /// Parses a `DOCKER_HOST` value.
    ///
    /// - Throws: `CoreError` `.invalidInput` when `value` is not `unix:///PATH` or `tcp://HOST:PORT`.
    public static func parse(_ value: String) throws -> DockerEndpoint {
        if value.hasPrefix("unix://") {
            let path = String(value.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { throw invalid(value) }
            return .unix(path: path)
        }
        if value.hasPrefix("tcp://") || value.hasPrefix("http://") {
            var rest = Substring(value.drop(while: { $0 != ":" }).dropFirst(3))
            if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
            let host: Substring
            let portText: Substring?
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                host = rest[rest.index(after: rest.startIndex)..<close]
                let after = rest[rest.index(after: close)...]
                portText = after.hasPrefix(":") ? after.dropFirst() : nil
            } else if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest
                portText = nil
            }
            guard !host.isEmpty else { throw invalid(value) }
            guard let portText else { return .tcp(host: String(host), port: 2375) }
            guard let port = Int(portText), (1...65535).contains(port) else { throw invalid(value) }
            return .tcp(host: String(host), port: port)
        }
        throw invalid(value)
    }

    /// The base URL requests are sent to (the host is ignored on a unix socket).
    public var baseURL: String {
        switch self {
        case .unix: "http://docker"
        case .tcp(let host, let port): host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }

    /// The socket path, for a unix endpoint.
    public var socketPath: String? {
        if case .unix(let path) = self { return path }
        return nil
    }

    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        }
    }

    private static func invalid(_ value: String) -> CoreError {
        CoreError(
            code: .invalidInput,
            message: "DOCKER_HOST='\(value)' is not understood; use unix:///path/to/docker.sock or tcp://host:port")
    }
}
