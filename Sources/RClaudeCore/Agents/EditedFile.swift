/// One file an agent's edit touched, as the agent reports it (Codex's `file_change` items).
/// Not to be confused with `FileChange`, a workspace's git status entry.
public struct EditedFile: Sendable, Equatable, Codable {
    /// What happened to a file.
    public struct Kind: RawRepresentable, Sendable, Equatable, Hashable, Codable {
        /// The agent's word for it; new words from newer agent versions are kept as they are.
        public var rawValue: String

        /// Creates a kind from the agent's word.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file was created.
        public static let add = Kind(rawValue: "add")
        /// The file was deleted.
        public static let delete = Kind(rawValue: "delete")
        /// The file was changed in place.
        public static let update = Kind(rawValue: "update")

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }
    }

    /// The file's path (absolute for Codex).
    public var path: String
    /// What happened to it.
    public var kind: Kind

    /// Creates a change.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}
