// The parts of a data channel's `streamUrl` the WebSocket client needs. The URL is opaque to
// rclaude: the path and query are sent exactly as given.

import Foundation
import RClaudeCore

/// A parsed `ws://` or `wss://` URL.
struct SSMStreamURL: Sendable, Equatable {
    /// Whether the connection uses TLS (`wss`).
    var isSecure: Bool
    /// The host name or address (no brackets).
    var host: String
    /// The TCP port.
    var port: Int
    /// The path and query, as sent on the request line.
    var requestTarget: String

    /// The `Host` header value.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = isSecure ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// A URL from its parts.
    init(isSecure: Bool, host: String, port: Int, requestTarget: String) {
        self.isSecure = isSecure
        self.host = host
        self.port = port
        self.requestTarget = requestTarget
    }

    /// Parses `text`.
    ///
    /// - Throws: `CoreError` `.invalidInput` unless it is a `ws://` or `wss://` URL with a host.
    init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "ws" || scheme == "wss", let host = components.host, !host.isEmpty
        else {
            throw CoreError(
                code: .invalidInput,
                message: "the data channel URL '\(text.prefix(120))' is not a ws:// or wss:// URL with a host")
        }
        isSecure = scheme == "wss"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (isSecure ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }
}
