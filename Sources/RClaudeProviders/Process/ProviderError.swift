/// The error type of providers: a code and a message that says what failed and how to fix it.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// A kind of provider failure (extensible).
    public struct Code: Hashable, Sendable {
        let name: String
        /// The sandbox or its workspace could not be created.
        public static let workspace = Code(name: "workspace")
        /// The agent program is missing.
        public static let agentMissing = Code(name: "agentMissing")
        /// The process could not be started.
        public static let launchFailed = Code(name: "launchFailed")
        /// A git operation failed.
        public static let git = Code(name: "git")
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and how to fix it.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
