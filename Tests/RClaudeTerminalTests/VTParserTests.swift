import Testing

@testable import RClaudeTerminal

@Suite struct VTParserTests {
    @Test func printsAndExecutes() {
        let actions = parse("a\r\nb")
        #expect(actions == [.print("a"), .execute(0x0D), .execute(0x0A), .print("b")])
    }

    @Test func csiWithParamsAndPrivateMarker() {
        let actions = parse("\(csi)?1049h\(csi)1;31m\(csi)H")
        #expect(
            actions == [
                .csi(params: VTParams([1049]), intermediates: VTIntermediates(privateMarker: 0x3F), final: 0x68),
                .csi(params: VTParams([1, 31]), intermediates: VTIntermediates(), final: 0x6D),
                .csi(params: VTParams([]), intermediates: VTIntermediates(), final: 0x48),
            ])
    }

    @Test func omittedParamsAreNil() {
        let actions = parse("\(csi);5H")
        #expect(actions == [.csi(params: VTParams([nil, 5]), intermediates: VTIntermediates(), final: 0x48)])
    }

    @Test func colonSubparameters() {
        let actions = parse("\(csi)38:2::10:20:30m")
        guard case .csi(let params, _, let final)? = actions.first else {
            Issue.record("no csi")
            return
        }
        #expect(final == 0x6D)
        #expect(params.array == [38, 2, nil, 10, 20, 30])
        #expect(!params.isSubparameter(0))
        #expect((1..<6).allSatisfy { params.isSubparameter($0) })
    }

    @Test func intermediates() {
        let actions = parse("\(csi) q\(esc)(0\(csi)?2026$p")
        #expect(
            actions == [
                .csi(params: VTParams([]), intermediates: VTIntermediates([0x20]), final: 0x71),
                .esc(intermediates: VTIntermediates([0x28]), final: 0x30),
                .csi(
                    params: VTParams([2026]), intermediates: VTIntermediates(privateMarker: 0x3F, [0x24]), final: 0x70),
            ])
    }

    @Test func oscEndsWithBELOrST() {
        let actions = parse("\(esc)]0;hi\u{07}\(esc)]2;yo\(esc)\\x")
        #expect(
            actions == [
                .osc(data: Array("0;hi".utf8), overflowed: false),
                .osc(data: Array("2;yo".utf8), overflowed: false),
                .esc(intermediates: VTIntermediates(), final: 0x5C),
                .print("x"),
            ])
    }

    @Test func canAbortsStringAndSequence() {
        let actions = parse("\(esc)]0;hi\u{18}a\(csi)1\u{1A}b")
        #expect(actions == [.execute(0x18), .print("a"), .execute(0x1A), .print("b")])
    }

    @Test func dcsIsHookedAndPut() {
        let actions = parse("\(esc)P$qm\(esc)\\z")
        #expect(
            actions == [
                .dcsHook(params: VTParams([]), intermediates: VTIntermediates([0x24]), final: 0x71),
                .dcsPut(Array("m".utf8)),
                .dcsUnhook,
                .esc(intermediates: VTIntermediates(), final: 0x5C),
                .print("z"),
            ])
    }

    @Test func apcPmSosAreSwallowed() {
        let actions = parse("\(esc)_Gf=100;AAAA\(esc)\\\(esc)^pm\u{07}\(esc)Xsos\(esc)\\ok")
        #expect(
            actions == [
                .esc(intermediates: VTIntermediates(), final: 0x5C),
                .esc(intermediates: VTIntermediates(), final: 0x5C),
                .print("o"), .print("k"),
            ])
    }

    @Test func controlsInsideCSIExecute() {
        let actions = parse("\(csi)1\n2A")
        #expect(
            actions == [.execute(0x0A), .csi(params: VTParams([12]), intermediates: VTIntermediates(), final: 0x41)])
    }

    @Test func utf8Decoding() {
        let actions = parse("é日本😀")
        #expect(actions == [.print("é"), .print("日"), .print("本"), .print("😀")])
    }

    @Test(
        arguments: [
            ([0xFF], 1), ([0xC0, 0x80], 2), ([0xE0, 0x80, 0x80], 3), ([0xED, 0xA0, 0x80], 3),
            ([0xF4, 0x90, 0x80, 0x80], 4), ([0xE6, 0x97], 1), ([0xF0, 0x9F, 0x98], 1), ([0x80, 0x80], 2),
        ] as [([UInt8], Int)])
    func invalidUTF8BecomesReplacement(bytes: [UInt8], replacements: Int) {
        let actions = parse(bytes + [0x41])
        let expected = [VTAction](repeating: .print("\u{FFFD}"), count: replacements) + [.print("A")]
        #expect(actions == expected)
    }

    @Test func truncatedUTF8BeforeEscape() {
        let actions = parse([0xE6, 0x97, 0x1B, 0x5B, 0x41])
        #expect(
            actions == [.print("\u{FFFD}"), .csi(params: VTParams([]), intermediates: VTIntermediates(), final: 0x41)])
    }

    @Test func paramsAreCappedInCountAndValue() {
        let many = (0..<10_000).map { _ in "1" }.joined(separator: ";")
        var parser = VTParser()
        let actions = parser.parse(Array("\(csi)\(many)m\(csi)99999999999999999999A".utf8))
        guard case .csi(let params, _, _)? = actions.first, case .csi(let big, _, _)? = actions.last else {
            Issue.record("expected two CSIs")
            return
        }
        #expect(params.count == VTParams.maxCount)
        #expect(big[0] == VTParams.maxValue)
    }

    @Test func oscIsCappedAtOneMebibyte() {
        var parser = VTParser()
        var collector = VTActionCollector()
        parser.feed(Array("\(esc)]2;".utf8), into: &collector)
        let chunk = [UInt8](repeating: 0x41, count: 64 * 1024)
        for _ in 0..<20 { parser.feed(chunk, into: &collector) }
        parser.feed([0x07], into: &collector)
        #expect(collector.actions.count == 1)
        if case .osc(let data, let overflowed)? = collector.actions.first {
            #expect(data.count == VTParser.maxStringLength)
            #expect(overflowed)
        } else {
            Issue.record("expected OSC")
        }
    }

    @Test func delIsIgnored() {
        #expect(parse("a\u{7F}b") == [.print("a"), .print("b")])
    }
}
