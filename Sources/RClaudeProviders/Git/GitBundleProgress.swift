// Progress of a bundle being written, read from git's own progress lines
// ("Counting objects:  50% (3/6)", "Writing objects: 100% (6/6), 391.12 KiB | …") plus the size
// of the file so far, for huge repositories where a bundle takes minutes.

/// How far writing a bundle has got.
public struct GitBundleProgress: Sendable, Equatable {
    /// git's phase: "Enumerating objects", "Counting objects", "Compressing objects",
    /// "Writing objects", or "Done" once the bundle is in place.
    public var phase: String
    /// Objects handled in this phase so far.
    public var objects: Int
    /// Objects this phase will handle, when git said.
    public var totalObjects: Int?
    /// Bytes of the bundle written so far.
    public var bytesWritten: Int64

    /// Creates a progress report.
    public init(phase: String, objects: Int, totalObjects: Int?, bytesWritten: Int64) {
        self.phase = phase
        self.objects = objects
        self.totalObjects = totalObjects
        self.bytesWritten = bytesWritten
    }

    /// Parses one git progress line.
    ///
    /// - Parameters:
    ///   - line: a stderr line such as "Compressing objects:  40% (2/5)" or "Enumerating objects: 6, done.".
    ///   - bytesWritten: the bundle's size so far.
    /// - Returns: the progress, or `nil` for lines that are not progress.
    public static func parseLine(_ line: String, bytesWritten: Int64) -> GitBundleProgress? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let phase = String(line[..<colon])
        guard phase.hasSuffix(" objects") else { return nil }
        let rest = line[line.index(after: colon)...]
        if let open = rest.firstIndex(of: "("), let slash = rest[open...].firstIndex(of: "/"),
            let close = rest[slash...].firstIndex(of: ")"),
            let done = Int(rest[rest.index(after: open)..<slash]),
            let total = Int(rest[rest.index(after: slash)..<close])
        {
            return GitBundleProgress(phase: phase, objects: done, totalObjects: total, bytesWritten: bytesWritten)
        }
        let digits = rest.drop { $0 == " " }.prefix { $0.isNumber }
        guard let count = Int(digits) else { return nil }
        return GitBundleProgress(phase: phase, objects: count, totalObjects: nil, bytesWritten: bytesWritten)
    }
}
