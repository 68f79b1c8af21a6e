// The text header of a bundle file: "# v2 git bundle" (or v3 with "@capability" lines), then
// "-<sha> <comment>" for each prerequisite commit and "<sha> <refname>" for each ref, then an
// empty line before the pack. Read directly so the importer knows what it is about to fetch.

import Foundation
import RClaudeCore

/// The refs and prerequisites a bundle declares.
public struct GitBundleHeader: Sendable {
    /// Commits the receiving repository must already have.
    public var prerequisites: [String]
    /// The bundle's refs as (sha, full ref name), in file order.
    public var refs: [(sha: String, name: String)]

    /// Parses the header at the start of `bytes`; `nil` if it is not a complete bundle header.
    public init?(parsing bytes: [UInt8]) {
        guard let end = Self.headerEnd(bytes) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let signature = lines.first, signature == "# v2 git bundle" || signature == "# v3 git bundle" else {
            return nil
        }
        prerequisites = []
        refs = []
        for line in lines.dropFirst() where !line.isEmpty && !line.hasPrefix("@") {
            if line.hasPrefix("-") {
                prerequisites.append(String(line.dropFirst().prefix { $0 != " " }))
            } else {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                refs.append((String(parts[0]), String(parts[1])))
            }
        }
    }

    /// Reads the header of the bundle file at `path`.
    ///
    /// - Throws: `ProviderError` `.git` when the file is unreadable or its header is cut off.
    public static func read(_ path: String) throws -> GitBundleHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ProviderError(code: .git, message: "the bundle '\(path)' is missing or unreadable; check the path")
        }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
        guard let header = GitBundleHeader(parsing: bytes) else {
            throw ProviderError(
                code: .git,
                message:
                    "the bundle '\(path)' is incomplete or not a git bundle (\(GitFileSize.of(path)) bytes, no complete header); export it again and retry"
            )
        }
        return header
    }

    /// The index of the empty line that ends the header (the "\n\n").
    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        var index = 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n"), bytes[index - 1] == UInt8(ascii: "\n") { return index - 1 }
            index += 1
        }
        return nil
    }
}
