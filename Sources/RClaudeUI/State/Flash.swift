import Foundation

/// A message in the bottom bar that disappears after a few seconds.
public struct Flash: Sendable, Equatable {
    /// How it is coloured.
    public enum Kind: Sendable, Equatable {
        /// Neutral.
        case info
        /// Something worked.
        case success
        /// Something failed.
        case error
    }

    /// The text.
    public var message: String
    /// How it is coloured.
    public var kind: Kind
    /// When it started showing.
    public var shownAt: Date

    /// Creates a message.
    public init(message: String, kind: Kind, shownAt: Date) {
        self.message = message
        self.kind = kind
        self.shownAt = shownAt
    }

    /// How long a message stays (errors stay longer).
    public var lifetime: Double { kind == .error ? 8 : 4 }
}
