import Foundation
import Testing

@testable import RClaudeProviders

/// The parsers of git's machine-readable outputs.
@Suite struct GitParsingTests {
    @Test func statusRecordsSkipARenameSource() {
        let bytes = Array("R  new.txt\0old.txt\0 M a.txt\0?? dir/u.txt\0A  b c.txt\0".utf8)
        let entries = GitStatusEntries(porcelainZ: bytes)
        #expect(entries.changed == ["new.txt", "a.txt", "b c.txt"])
        #expect(entries.untracked == ["dir/u.txt"])
    }

    @Test func numstatCountsRenamesAndBinaryFiles() {
        let bytes = Array("1\t2\ta.txt\0-\t-\tpic.png\0".utf8) + Array("3\t0\t\0old.md\0new.md\0".utf8)
        let summary = GitChangeSummary.parse(numstatZ: bytes)
        #expect(summary.paths == ["a.txt", "pic.png", "new.md"])
        #expect(summary.insertions == 4)
        #expect(summary.deletions == 2)
        #expect(summary.description == "3 files changed, 4 insertions(+), 2 deletions(-)")
    }

    @Test func bundleHeadersParseAndCutOnesDoNot() throws {
        let text =
            "# v2 git bundle\n-\(String(repeating: "a", count: 40)) base\n\(String(repeating: "b", count: 40)) refs/heads/rclaude/x\n\nPACK…"
        let header = try #require(GitBundleHeader(parsing: Array(text.utf8)))
        #expect(header.prerequisites == [String(repeating: "a", count: 40)])
        #expect(header.refs.map(\.name) == ["refs/heads/rclaude/x"])
        #expect(GitBundleHeader(parsing: Array(text.utf8.prefix(50))) == nil)
        #expect(GitBundleHeader(parsing: Array("not a bundle\n\n".utf8)) == nil)
    }
}
