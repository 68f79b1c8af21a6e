/// A bundle written to disk: where, how big, and the commit it leads to.
public struct GitBundleFile: Sendable, Equatable, Codable {
    /// The bundle's path.
    public var path: String
    /// Its size in bytes.
    public var byteCount: Int64
    /// The commit its ref points at.
    public var commit: String

    /// Creates a description of a bundle file.
    public init(path: String, byteCount: Int64, commit: String) {
        self.path = path
        self.byteCount = byteCount
        self.commit = commit
    }

    /// The size for people: "812 bytes", "3.4 MiB".
    public var sizeDescription: String { GitFileSize.describe(byteCount) }
}
