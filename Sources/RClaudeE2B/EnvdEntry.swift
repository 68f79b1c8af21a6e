import Foundation

/// A file-system entry in a sandbox (`EntryInfo` in filesystem.proto).
public struct EnvdEntry: Sendable, Equatable, Decodable {
    /// A kind of entry.
    public struct Kind: RawRepresentable, Sendable, Hashable, Decodable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let file = Kind(rawValue: "FILE_TYPE_FILE")
        public static let directory = Kind(rawValue: "FILE_TYPE_DIRECTORY")
        public static let symlink = Kind(rawValue: "FILE_TYPE_SYMLINK")
        public static let unspecified = Kind(rawValue: "FILE_TYPE_UNSPECIFIED")
    }

    /// The last path component.
    public var name: String
    /// File, directory or symbolic link.
    public var type: Kind
    /// The absolute path.
    public var path: String
    /// The size in bytes.
    public var size: Int64
    /// The mode bits, when envd reports them.
    public var mode: UInt32?
    /// `-rw-r--r--`-style permissions, when envd reports them.
    public var permissions: String?
    /// The owner's name.
    public var owner: String?
    /// The group's name.
    public var group: String?
    /// When it was last modified.
    public var modifiedTime: Date?
    /// Where a symbolic link points.
    public var symlinkTarget: String?

    /// Creates an entry.
    public init(name: String, type: Kind, path: String, size: Int64 = 0, modifiedTime: Date? = nil) {
        self.name = name
        self.type = type
        self.path = path
        self.size = size
        self.modifiedTime = modifiedTime
    }

    enum CodingKeys: String, CodingKey {
        case name, type, path, size, mode, permissions, owner, group, modifiedTime, symlinkTarget
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        type = try container.decodeIfPresent(Kind.self, forKey: .type) ?? .unspecified
        path = try container.decodeIfPresent(String.self, forKey: .path) ?? ""
        size = try container.decodeIfPresent(FlexibleInteger.self, forKey: .size)?.value ?? 0
        mode = (try container.decodeIfPresent(FlexibleInteger.self, forKey: .mode)).map { UInt32(clamping: $0.value) }
        permissions = try container.decodeIfPresent(String.self, forKey: .permissions)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        modifiedTime = (try container.decodeIfPresent(String.self, forKey: .modifiedTime)).flatMap(RFC3339.date(from:))
        symlinkTarget = try container.decodeIfPresent(String.self, forKey: .symlinkTarget)
    }
}
