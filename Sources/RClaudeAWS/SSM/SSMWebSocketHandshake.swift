// The HTTP/1.1 upgrade that opens a WebSocket (RFC 6455 §4): a GET with a random
// `Sec-WebSocket-Key`, answered by `101 Switching Protocols` whose `Sec-WebSocket-Accept` is
// base64(SHA-1(key + the RFC's GUID)). The data channel sends no authentication headers: the
// token travels inside the channel.

import COpenSSL
import Foundation

/// Builds the upgrade request and checks the answer.
struct SSMWebSocketHandshake: Sendable {
    /// The RFC 6455 GUID appended to the key.
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The URL's parts.
    let url: SSMStreamURL
    /// The base64 of 16 random bytes.
    let key: String

    /// A handshake for `url` with a random key.
    init(url: SSMStreamURL, keyBytes: [UInt8]) {
        self.url = url
        key = Data(keyBytes).base64EncodedString()
    }

    /// The request's bytes.
    func request() -> [UInt8] {
        let lines = [
            "GET \(url.requestTarget) HTTP/1.1",
            "Host: \(url.hostHeader)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: 13",
            "User-Agent: rclaude",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// The accept value the server must answer `key` with.
    static func acceptValue(for key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = input.withUnsafeBufferPointer { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha1(), nil) }
        return Data(digest.prefix(Int(length))).base64EncodedString()
    }

    /// Checks the server's response head (the bytes before the blank line).
    ///
    /// - Throws: `CoreError`-ready text in `SSMWebSocketProtocolError` when the server did not
    ///   switch protocols or answered with the wrong accept value.
    func validate(responseHead: String) throws(SSMWebSocketProtocolError) {
        let lines = responseHead.components(separatedBy: "\r\n")
        let status = lines.first ?? ""
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.1"), parts[1] == "101" else {
            throw SSMWebSocketProtocolError(
                description: "the server refused the WebSocket upgrade: '\(status.prefix(200))'")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard headers["upgrade"]?.lowercased() == "websocket",
            headers["connection"]?.lowercased().contains("upgrade") == true
        else {
            throw SSMWebSocketProtocolError(description: "the server's 101 answer lacks Upgrade: websocket")
        }
        guard headers["sec-websocket-accept"] == Self.acceptValue(for: key) else {
            throw SSMWebSocketProtocolError(description: "the server's Sec-WebSocket-Accept does not match the key")
        }
    }
}
