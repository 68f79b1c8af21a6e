// A task's identity: a short lowercase hex string, like a Docker container id.
// Users may address a task by any unique prefix of it (see `TaskIDResolver`).

/// The identifier of a task: 12 lowercase hexadecimal characters.
public struct TaskID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The full hexadecimal id.
    public let rawValue: String

    /// The number of hex characters in a generated id.
    public static let length = 12

    /// Wraps an existing id.
    ///
    /// - Parameter rawValue: lowercase hex characters; anything else is rejected.
    /// - Returns: `nil` when `rawValue` is empty, longer than 64 characters or not lowercase hex.
    public init?(_ rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 64, TaskID.isHex(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a fresh random id.
    ///
    /// - Parameter generator: the source of randomness (inject a seeded one in tests).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> TaskID {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(digits[Int(generator.next() % 16)]) }
        return TaskID(unchecked: String(decoding: bytes, as: UTF8.self))
    }

    /// Creates a fresh random id from the system generator.
    public static func random() -> TaskID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    private init(unchecked: String) { self.rawValue = unchecked }

    /// Whether `text` consists of lowercase hex digits only.
    public static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    public var description: String { rawValue }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = TaskID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "task id '\(text)' is not lowercase hex")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
