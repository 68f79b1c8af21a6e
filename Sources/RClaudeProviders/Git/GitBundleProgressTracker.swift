/// Turns git's stderr lines into `GitBundleProgress` reports for one bundle being written.
struct GitBundleProgressTracker: Sendable {
    /// The file git's output is streaming into.
    let file: String
    let report: @Sendable (GitBundleProgress) -> Void

    func line(_ line: String) {
        if let progress = GitBundleProgress.parseLine(line, bytesWritten: GitFileSize.of(file)) { report(progress) }
    }

    func finish(bytes: Int64) {
        report(GitBundleProgress(phase: "Done", objects: 0, totalObjects: nil, bytesWritten: bytes))
    }
}
