import RClaudeCore
import Testing

@Suite struct LineSplitterTests {
    @Test func sameLinesWhateverTheChunking() {
        let input = Array("first line\nsecond\n\nthird with ü and 日本\nunterminated".utf8)
        var whole = LineSplitter()
        let expected = whole.feed(input)
        let expectedRest = whole.finish()
        #expect(expected.count == 4)
        #expect(expectedRest.map { String(decoding: $0, as: UTF8.self) } == "unterminated")
        for cut in 1..<input.count {
            var s = LineSplitter()
            let lines = s.feed(input[..<cut]) + s.feed(input[cut...])
            #expect(lines == expected, "cut at \(cut)")
            #expect(s.finish() == expectedRest)
        }
        var byByte = LineSplitter()
        var lines: [[UInt8]] = []
        for b in input { lines += byByte.feed([b]) }
        #expect(lines == expected)
    }

    @Test func veryLongLineIsKeptWhole() {
        var s = LineSplitter()
        let long = [UInt8](repeating: 0x61, count: 3_000_000)
        #expect(s.feed(long).isEmpty)
        let lines = s.feed([0x0A])
        #expect(lines.count == 1 && lines[0].count == 3_000_000)
    }
}
