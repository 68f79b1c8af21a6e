/// Finds the task a user means by an id or a unique prefix of one (like `docker`).
public enum TaskIDResolver {
    /// Resolves `text` against `ids`.
    ///
    /// - Returns: the one id that equals `text` or starts with it.
    /// - Throws: `CoreError` `.invalidInput` for text that is not hex, `.notFound` when nothing
    ///   matches, `.ambiguous` (listing the candidates) when several do.
    public static func resolve(_ text: String, among ids: some Sequence<TaskID>) throws -> TaskID {
        let query = text.lowercased()
        guard !query.isEmpty, TaskID.isHex(query) else {
            throw CoreError(
                code: .invalidInput,
                message: "'\(text)' is not a task id: ids are hexadecimal, e.g. 3f2a9c; run 'rclaude ls --all' to list them")
        }
        var matches: [TaskID] = []
        for id in ids {
            if id.rawValue == query { return id }
            if id.rawValue.hasPrefix(query) { matches.append(id) }
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw CoreError.taskNotFound(text) }
        let listed = matches.sorted().prefix(5).map(\.rawValue).joined(separator: ", ")
        throw CoreError(
            code: .ambiguous,
            message: "'\(text)' matches \(matches.count) tasks (\(listed)\(matches.count > 5 ? ", …" : "")); type more characters of the id")
    }
}
