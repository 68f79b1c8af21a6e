import Foundation
import Testing

@testable import RClaudeTerminal

@Suite struct ScreenDumpTests {
    @Test func textDumpTrimsTrailingSpaces() {
        var e = Emulator(cols: 10, rows: 3)
        e.feed("hi   \r\n  there  ")
        #expect(ScreenDump.text(e) == "hi\n  there\n\n")
    }

    @Test func jsonDumpIsValidAndDescribesCells() throws {
        var e = Emulator(cols: 6, rows: 2)
        e.feed(
            "\u{1B}]2;T \"q\"\u{07}\u{1B}[1;31;48;2;1;2;3mA\u{1B}[0;4:3;38;5;200m日\u{1B}[0m\u{1B}]8;;http://x\u{07}L")
        e.feed("\u{1B}]8;;\u{07}\u{1B}[?2004h\u{1B}[?1006h\u{1B}[?1002h")
        let json = ScreenDump.json(e)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["cols"] as? Int == 6)
        #expect(object["title"] as? String == "T \"q\"")
        let cursor = try #require(object["cursor"] as? [String: Any])
        #expect(cursor["x"] as? Int == 4 && cursor["y"] as? Int == 0)
        let modes = try #require(object["modes"] as? [String: Any])
        #expect(modes["bracketedPaste"] as? Bool == true)
        #expect(modes["mouseTracking"] as? String == "buttonEvent")
        #expect(modes["mouseEncoding"] as? String == "sgr")
        #expect((object["lines"] as? [String])?.first == "A日L")
        let rows = try #require(object["cells"] as? [[[String: Any]]])
        #expect(rows.count == 2)
        let first = rows[0]
        #expect(first.count == 5)  // the wide character's continuation is not listed
        #expect(first[0]["char"] as? String == "A")
        #expect(first[0]["fg"] as? Int == 1)
        #expect(first[0]["bg"] as? String == "#010203")
        #expect(first[0]["attrs"] as? [String] == ["bold"])
        #expect(first[1]["char"] as? String == "日")
        #expect(first[1]["width"] as? Int == 2)
        #expect(first[1]["fg"] as? Int == 200)
        #expect(first[1]["attrs"] as? [String] == ["underline:curly"])
        #expect(first[2]["x"] as? Int == 3)
        #expect(first[2]["link"] as? String == "http://x")
        #expect(first[3]["fg"] is NSNull)
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(ScreenDump.quote("a\u{1}\"\\\n") == "\"a\\u0001\\\"\\\\\\n\"")
    }
}
