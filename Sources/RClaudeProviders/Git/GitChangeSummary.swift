/// How much a set of changes touches: files, added and removed lines.
public struct GitChangeSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The changed paths, in git's order.
    public var paths: [String]
    /// Lines added (binary files count none).
    public var insertions: Int
    /// Lines removed (binary files count none).
    public var deletions: Int

    /// Creates a summary.
    public init(paths: [String], insertions: Int, deletions: Int) {
        self.paths = paths
        self.insertions = insertions
        self.deletions = deletions
    }

    /// How many files changed.
    public var filesChanged: Int { paths.count }

    /// "3 files changed, 10 insertions(+), 2 deletions(-)", as `git diff --shortstat` says it.
    public var description: String {
        "\(filesChanged) file\(filesChanged == 1 ? "" : "s") changed, "
            + "\(insertions) insertion\(insertions == 1 ? "" : "s")(+), \(deletions) deletion\(deletions == 1 ? "" : "s")(-)"
    }

    /// Parses `git diff --numstat -z` output: `added\tremoved\tpath\0`, or for a rename
    /// `added\tremoved\t\0old\0new\0`; binary files have `-` counts.
    static func parse(numstatZ bytes: [UInt8]) -> GitChangeSummary {
        let fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        var summary = GitChangeSummary(paths: [], insertions: 0, deletions: 0)
        var index = 0
        while index < fields.count {
            let parts = fields[index].split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            index += 1
            guard parts.count == 3 else { continue }
            summary.insertions += Int(parts[0]) ?? 0
            summary.deletions += Int(parts[1]) ?? 0
            if parts[2].isEmpty {
                // A rename: the old and new paths follow as two fields.
                guard index + 1 < fields.count else { break }
                summary.paths.append(fields[index + 1])
                index += 2
            } else {
                summary.paths.append(String(parts[2]))
            }
        }
        return summary
    }
}
