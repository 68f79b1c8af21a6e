import Foundation

/// A secret for cloning over HTTP(S), used for one git command only.
///
/// It travels as an `Authorization: Basic` header set through one-shot configuration in git's
/// environment (`http.<origin>.extraHeader`), scoped to the URL's origin, so it never reaches
/// the command line, `.git/config`, the remote URL or any other file. Its `description` hides
/// the secret.
public struct GitCredential: Sendable, Equatable, CustomStringConvertible {
    /// The user name sent with the secret (`x-access-token` suits GitHub and most hosts).
    public var username: String
    /// The token or password.
    public var secret: String

    /// Creates a credential.
    public init(username: String, secret: String) {
        self.username = username
        self.secret = secret
    }

    /// A token credential, as hosts issue them (GitHub, GitLab, Gitea …).
    public static func token(_ token: String, username: String = "x-access-token") -> GitCredential {
        GitCredential(username: username, secret: token)
    }

    public var description: String { "GitCredential(username: \(username), secret: <hidden>)" }

    /// The header value: `Basic base64(username:secret)`.
    var basicAuthorization: String { "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString() }

    /// One-shot configuration sending the header to `url`'s origin only.
    func configuration(for url: String) -> [String: String] {
        ["http.\(Self.origin(of: url)).extraHeader": "Authorization: \(basicAuthorization)"]
    }

    /// Removes the secret (plain or encoded) from text meant for people.
    func redact(_ text: String) -> String {
        var text = text
        for secretForm in [basicAuthorization, String(basicAuthorization.dropFirst(6)), secret]
        where !secretForm.isEmpty {
            text = text.replacingOccurrences(of: secretForm, with: "<hidden>")
        }
        return text
    }

    /// `scheme://host[:port]/` of an http(s) URL; the URL itself otherwise.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host
        else { return url }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)/"
    }
}
