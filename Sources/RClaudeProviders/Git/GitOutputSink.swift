import Foundation
import RClaudeCore

/// Receives a git command's stdout: keeps it, streams it to a file, or drops it.
final class GitOutputSink {
    private let destination: GitOutputDestination
    private var bytes: [UInt8] = []
    private let handle: FileHandle?
    private var writeError: (any Error)?

    init(_ destination: GitOutputDestination) throws {
        self.destination = destination
        if case .file(let path) = destination {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else {
                throw ProviderError(
                    code: .git,
                    message: "cannot write git's output to '\(path)'; check that its directory exists and is writable")
            }
            self.handle = handle
        } else {
            self.handle = nil
        }
    }

    func write(_ chunk: [UInt8]) {
        switch destination {
        case .capture: bytes += chunk
        case .discard: break
        case .file:
            guard writeError == nil, let handle else { return }
            do { try handle.write(contentsOf: chunk) } catch { writeError = error }
        }
    }

    /// Closes the file and returns the captured bytes (empty unless capturing).
    func finish() throws -> [UInt8] {
        if let handle { try? handle.close() }
        if let writeError, case .file(let path) = destination {
            throw ProviderError(
                code: .git,
                message: "cannot write git's output to '\(path)': \(writeError); free some disk space and retry")
        }
        return bytes
    }
}
