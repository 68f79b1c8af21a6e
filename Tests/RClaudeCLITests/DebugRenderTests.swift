import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    @Suite struct DebugRenderTests {
        @Test func rendersTextAndJSON() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let bytes = Data("\u{1b}[31mred\u{1b}[0m text\r\n\u{1b}[2C日本\u{1b}]0;title\u{07}".utf8)
            let text = try h.run(["debug", "render", "--cols", "20", "--rows", "3", "-"], stdin: bytes)
            #expect(text.status == 0, "stderr: \(text.stderr)")
            #expect(text.stdout.hasPrefix("red text\n  日本\n"))
            let json = try h.run(
                ["debug", "render", "--cols", "20", "--rows", "3", "--format", "json", "-"], stdin: bytes)
            #expect(json.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(object?["cursor"] != nil)
            #expect(json.stdout.contains("\"日\""))
        }

        @Test func badInputIsExplained() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let missing = try h.run(["debug", "render", "/nonexistent/capture"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("cannot read"))
            let size = try h.run(["debug", "render", "--cols", "0", "-"], stdin: Data())
            #expect(size.status != 0)
            #expect(size.stderr.contains("between 1 and 1000"))
        }
    }
}
