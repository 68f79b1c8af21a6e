/// The error type of rclaude's core: a code to branch on and a message that says what failed
/// and how to fix it.
public struct CoreError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure. Extensible: new codes are static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No task matches.
        public static let notFound = Code(name: "notFound")
        /// A prefix matches several tasks.
        public static let ambiguous = Code(name: "ambiguous")
        /// The operation does not fit the task's current state.
        public static let invalidState = Code(name: "invalidState")
        /// The input is not acceptable.
        public static let invalidInput = Code(name: "invalidInput")
        /// Something already exists.
        public static let conflict = Code(name: "conflict")
        /// A stored file is unreadable.
        public static let damaged = Code(name: "damaged")
        /// Reading or writing storage failed.
        public static let storage = Code(name: "storage")
        /// Starting or running a process failed.
        public static let launch = Code(name: "launch")
        /// A stored file was written by a newer rclaude.
        public static let unsupportedVersion = Code(name: "unsupportedVersion")
        /// The path or operation is not allowed (e.g. a path outside the workspace).
        public static let forbidden = Code(name: "forbidden")
        /// Credentials are missing or wrong.
        public static let unauthorized = Code(name: "unauthorized")
        /// A peer (a remote host, a daemon) cannot be reached or answered badly.
        public static let unavailable = Code(name: "unavailable")
        /// The input or the result is larger than allowed.
        public static let tooLarge = Code(name: "tooLarge")
        /// The code's name (`notFound`, `forbidden`, …), as carried on the wire.
        public var rawValue: String { name }
        /// The code named `rawValue`, or a new code of that name.
        public init(rawValue: String) { self.name = rawValue }
        private init(name: String) { self.name = name }
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and how to fix it.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// No task has this id or prefix.
    public static func taskNotFound(_ idOrPrefix: String) -> CoreError {
        CoreError(
            code: .notFound, message: "no task matches '\(idOrPrefix)'; run 'rclaude ls --all' to see task ids")
    }
}
