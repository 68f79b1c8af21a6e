import Foundation
import RClaudeCore

/// A registered `rclaude serve` host: its name, URL and where its token is kept. The token
/// itself is read from its file when needed, never stored by rclaude.
public struct RemoteEndpoint: Codable, Sendable, Equatable {
    /// The name used in `--provider remote:NAME`.
    public var name: String
    /// `http://host:port` or `https://host:port`.
    public var url: String
    /// A file holding the bearer token (mode 0600).
    public var tokenFile: String
    /// A PEM bundle of certificate authorities to trust (self-signed servers).
    public var caFile: String?

    /// Creates an endpoint, checking the name and URL.
    ///
    /// - Throws: `CoreError` `.invalidInput` naming the bad part.
    public init(name: String, url: String, tokenFile: String, caFile: String? = nil) throws {
        guard !name.isEmpty, name.count <= 40, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw CoreError(code: .invalidInput, message: "remote name '\(name)' must be 1–40 letters, digits, '-' or '_'")
        }
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil,
            parsed.path.isEmpty
        else {
            throw CoreError(
                code: .invalidInput, message: "remote URL '\(url)' must look like http://HOST:PORT or https://HOST:PORT")
        }
        self.name = name
        self.url = trimmed
        self.tokenFile = tokenFile
        self.caFile = caFile
    }

    /// The provider name of tasks on this remote.
    public var providerName: String { "remote:" + name }

    /// The WebSocket base URL (`ws://` or `wss://`).
    public var webSocketURL: String {
        url.hasPrefix("https://") ? "wss://" + url.dropFirst("https://".count) : "ws://" + url.dropFirst("http://".count)
    }

    /// Reads the token.
    ///
    /// - Throws: `CoreError` when the file is missing, readable by others, or empty.
    public func readToken() throws -> String {
        var info = stat()
        guard stat(tokenFile, &info) == 0 else {
            throw CoreError(
                code: .unauthorized,
                message: "cannot read the token file \(tokenFile) of remote \(name); copy the server's token there (chmod 600)")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CoreError(
                code: .forbidden,
                message: "the token file \(tokenFile) of remote \(name) can be read by others; run 'chmod 600 \(tokenFile)'")
        }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw CoreError(code: .unauthorized, message: "cannot read the token file \(tokenFile) of remote \(name)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CoreError(code: .unauthorized, message: "the token file \(tokenFile) of remote \(name) is empty")
        }
        return token
    }
}
