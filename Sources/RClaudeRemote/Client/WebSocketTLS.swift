import Foundation
import HummingbirdWSClient
import NIOSSL

/// TLS settings for a remote's WebSockets.
///
/// TLS forbids an IP address as the server name (SNI), and the WebSocket client sends the
/// URL's host there. For an `https://IP:PORT` remote with its own certificate authority
/// (`--ca-file`) rclaude therefore sends a placeholder name and checks the chain against that
/// authority alone, without the host name check; names are checked as usual otherwise.
enum WebSocketTLS {
    static func configure(_ configuration: inout WebSocketClientConfiguration, endpoint: RemoteEndpoint) -> TLSConfiguration? {
        guard endpoint.url.hasPrefix("https://") else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = endpoint.caFile {
            tls.trustRoots = .file(caFile)
            let host = URL(string: endpoint.url)?.host ?? ""
            if isIPAddress(host) {
                tls.certificateVerification = .noHostnameVerification
                configuration.sniHostname = "rclaude-remote"
            }
        }
        return tls
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }
}
