/// The paths of `git status --porcelain=v1 -z`: changed (staged or not) and untracked.
struct GitStatusEntries: Equatable {
    /// Paths with staged or unstaged changes, in git's order.
    var changed: [String] = []
    /// Untracked paths, in git's order.
    var untracked: [String] = []

    /// Parses NUL-separated records `XY path`; a rename or copy is followed by its source path.
    init(porcelainZ bytes: [UInt8]) {
        let records = bytes.split(separator: 0, omittingEmptySubsequences: true).map {
            String(decoding: $0, as: UTF8.self)
        }
        var index = 0
        while index < records.count {
            let record = records[index]
            index += 1
            guard record.count > 3 else { continue }
            let code = String(record.prefix(2))
            let path = String(record.dropFirst(3))
            if code == "??" {
                untracked.append(path)
            } else if code != "!!" {
                changed.append(path)
                if code.contains("R") || code.contains("C") { index += 1 }
            }
        }
    }
}
