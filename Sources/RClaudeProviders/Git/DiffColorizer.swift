import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Colors a unified diff for a terminal: added lines green, removed lines red, hunk headers
/// cyan, file headers bold. Use it only when `shouldColorize` says the output is a terminal.
public enum DiffColorizer {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let green = "\u{1B}[32m"
    static let red = "\u{1B}[31m"
    static let cyan = "\u{1B}[36m"

    /// Whether to color output written to `descriptor`: it is a terminal, `NO_COLOR` is unset
    /// and `TERM` is not `dumb`.
    ///
    /// - Parameters:
    ///   - descriptor: the file descriptor written to (stdout by default).
    ///   - environment: the environment to read `NO_COLOR` and `TERM` from.
    public static func shouldColorize(descriptor: Int32 = 1, environment: [String: String]) -> Bool {
        guard isatty(descriptor) == 1 else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// `text` with ANSI colors. Lines keep their content and line endings; `---`/`+++` count as
    /// file headers only before a file's first hunk, so a removed line that starts with `--`
    /// stays red.
    ///
    /// - Parameter text: a unified diff as `git diff` prints it.
    /// - Returns: the colored diff.
    public static func colorize(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var inHeader = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.offset > 0 { output += "\n" }
            let content = line.element
            guard !content.isEmpty else { continue }
            let color: String?
            if content.hasPrefix("diff ") {
                inHeader = true
                color = bold
            } else if content.hasPrefix("@@") {
                inHeader = false
                color = cyan
            } else if inHeader {
                color = bold
            } else if content.hasPrefix("+") {
                color = green
            } else if content.hasPrefix("-") {
                color = red
            } else {
                color = nil
            }
            guard let color else {
                output += content
                continue
            }
            // Keep a CR of a CRLF line outside the color, so the reset lands before it.
            if content.hasSuffix("\r") {
                output += color + content.dropLast() + reset + "\r"
            } else {
                output += color + content + reset
            }
        }
        return output
    }
}
