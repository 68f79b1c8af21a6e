// OSC 8 hyperlinks. Cells carry a 16-bit link number; this table maps numbers to (id, URI) pairs and
// dedups them. It is bounded: at most `maxEntries` links and URIs of at most `maxURILength` bytes; links
// beyond that are not recorded (their text still prints).

/// A hyperlink set with OSC 8.
public struct Hyperlink: Sendable, Hashable {
    /// The `id=` parameter grouping cells of one link, if given.
    public var id: String?
    /// The target URI, exactly as the application sent it. Show it before opening it.
    public var uri: String

    /// Creates a hyperlink value.
    public init(id: String?, uri: String) {
        self.id = id
        self.uri = uri
    }
}

struct HyperlinkTable: Sendable {
    static let maxEntries = 4096
    static let maxURILength = 8192

    private(set) var entries: [Hyperlink] = []
    private var lookup: [Hyperlink: UInt16] = [:]

    /// The number for `link`, adding it if new; 0 when the table is full.
    mutating func intern(_ link: Hyperlink) -> UInt16 {
        if let known = lookup[link] { return known }
        guard entries.count < HyperlinkTable.maxEntries else { return 0 }
        entries.append(link)
        let number = UInt16(entries.count)
        lookup[link] = number
        return number
    }

    /// The link with number `number`.
    func link(_ number: Int) -> Hyperlink? {
        guard number > 0, number <= entries.count else { return nil }
        return entries[number - 1]
    }
}
