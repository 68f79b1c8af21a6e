/// A configured routing rule: tasks whose repository matches `repo` (a path or URL prefix, or a
/// pattern with `*`), or that carry the label `label`, go to `provider`. Rules are tried in order;
/// a rule with both conditions needs both.
public struct RoutingRule: Sendable, Equatable, Codable {
    /// A repository pattern (`*` matches any run of characters), or nil.
    public var repo: String?
    /// A task label, or nil.
    public var label: String?
    /// The provider the rule picks.
    public var provider: String

    /// Creates a rule.
    public init(repo: String? = nil, label: String? = nil, provider: String) {
        self.repo = repo
        self.label = label
        self.provider = provider
    }

    /// Whether a task with `repository` and `labels` matches.
    public func matches(repository: String?, labels: [String]) -> Bool {
        if repo == nil && label == nil { return false }
        if let label, !labels.contains(label) { return false }
        if let repo {
            guard let repository else { return false }
            if !Self.glob(repo, matches: repository) { return false }
        }
        return true
    }

    /// `*` matches any run of characters; a pattern without `*` matches itself and anything
    /// under it (`/src/app` matches `/src/app/sub`).
    static func glob(_ pattern: String, matches text: String) -> Bool {
        if !pattern.contains("*") {
            let base = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
            return text == base || text.hasPrefix(base + "/")
        }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
