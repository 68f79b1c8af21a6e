import Foundation

// The outcome of one git command: its exit status, its stdout as bytes (diffs and bundles are
// not always UTF-8) and its stderr as text (git's messages).

/// What one git command produced.
public struct GitResult: Sendable, Equatable {
    /// The exit code (128 + the signal number when a signal ended git).
    public var exitCode: Int32
    /// Whether a signal ended git.
    public var signaled: Bool
    /// Everything git wrote to stdout, unless it was sent to a file.
    public var stdout: [UInt8]
    /// Everything git wrote to stderr.
    public var stderr: String

    /// Creates a result.
    public init(exitCode: Int32, signaled: Bool = false, stdout: [UInt8] = [], stderr: String = "") {
        self.exitCode = exitCode
        self.signaled = signaled
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Whether git exited with status 0.
    public var succeeded: Bool { exitCode == 0 && !signaled }

    /// stdout as text without the trailing newline (for one-line answers such as a sha).
    public var output: String {
        var text = String(decoding: stdout, as: UTF8.self)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }

    /// stdout split into lines, without empty ones.
    public var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// git's complaint in one line, for error messages: the last `fatal:`/`error:` lines of stderr,
    /// or its last line, or the exit code when git said nothing.
    public var complaint: String {
        let lines = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let errors = lines.filter { $0.hasPrefix("fatal:") || $0.hasPrefix("error:") }
        let chosen = errors.isEmpty ? Array(lines.suffix(1)) : Array(errors.suffix(3))
        if chosen.isEmpty {
            return signaled ? "git was killed by signal \(exitCode - 128)" : "git exited with status \(exitCode)"
        }
        return chosen.joined(separator: "; ")
    }
}
