import RClaudeCore

/// The JSON body of every error response of `rclaude serve`: `{"code": …, "message": …}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    /// A stable, machine-readable code (`notFound`, `unauthorized`, `forbidden`, `invalidInput`, …).
    public var code: String
    /// What went wrong and how to fix it.
    public var message: String

    /// Creates an error body.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The core error this body describes.
    public var coreError: CoreError { CoreError(code: CoreError.Code(rawValue: code), message: message) }
}
