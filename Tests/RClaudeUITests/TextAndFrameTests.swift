import Foundation
import RClaudeCore
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Text layout, formatting, detail lines and frame diffs.
@Suite struct TextAndFrameTests {
    @Test func wrapBreaksAtSpacesAndInsideLongWords() {
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextLayout.wrap("漢字漢字", width: 5) == ["漢字", "漢字"])
    }

    @Test func sanitizeRemovesEscapesAndControls() {
        #expect(TextLayout.sanitize("a\u{1b}[31mred\u{1b}[0m\u{7}b") == "aredb")
        #expect(TextLayout.sanitize("x\u{1b}]0;title\u{7}y") == "xy")
        #expect(TextLayout.sanitize("t\tab") == "t   ab")
        #expect(TextLayout.sanitize("one\ntwo") == "one two")
        #expect(TextLayout.sanitize("one\r\ntwo", keepNewlines: true) == "one\ntwo")
        #expect(TextLayout.sanitize("\u{202E}evil") == "evil")
    }

    @Test func truncateAndPadByDisplayWidth() {
        #expect(TextLayout.truncate("hello world", to: 6) == "hello…")
        #expect(TextLayout.truncate("漢字漢字", to: 5) == "漢字…")
        #expect(TextLayout.pad("ab", to: 4) == "ab  ")
        #expect(TextLayout.padLeft("ab", to: 4) == "  ab")
    }

    @Test func formats() {
        #expect(Format.duration(0.25) == "250ms")
        #expect(Format.duration(312) == "5m12s")
        #expect(Format.duration(7322) == "2h02m")
        #expect(Format.cost(0.0421) == "$0.042")
        #expect(Format.cost(nil) == "-")
        #expect(Format.size(1234) == "1.2K")
        #expect(Format.clock(Date(timeIntervalSince1970: 3_723)) == "01:02:03")
    }

    @Test func detailLinesFoldResultsAndMarkErrors() {
        let lines = DetailLineBuilder.lines(for: UIFixtures.events, expanded: [], width: 60)
        let text = lines.map(\.text)
        #expect(text.contains("▸ Bash  swift test --filter AuthTests"))
        #expect(text.contains("  ↳ Test Suite 'AuthTests' started  (3 lines)"))
        #expect(text.contains("  ✗ String not found in file"))
        #expect(lines.first { $0.text.contains("✗ String") }?.spans.first?.role == .eventError)
        #expect(text.last == "✓ done · 3 turns · $0.042 · 48s")
        let failed = DetailLineBuilder.lines(
            for: .result(RunResult(isError: true, text: "API Error: 529")), index: 0, expanded: false, width: 60)
        #expect(failed.map(\.text) == ["✗ failed: API Error: 529"])
    }

    @Test func frameDiffFindsChangedRuns() {
        var a = Grid(width: 10, height: 3)
        a.write("hello", x: 0, y: 0)
        var b = a
        b.write("J", x: 0, y: 0)
        b.write("漢", x: 5, y: 2)
        #expect(
            FrameDiff.runs(from: a, to: b) == [
                FrameDiff.Run(y: 0, x: 0, width: 1), FrameDiff.Run(y: 2, x: 5, width: 2),
            ])
        #expect(FrameDiff.runs(from: b, to: b).isEmpty)
        #expect(FrameDiff.runs(from: nil, to: b).count == 3)
        var c = b
        c.write("x", x: 6, y: 2)
        #expect(FrameDiff.runs(from: b, to: c).first?.x == 5, "a run never starts inside a wide character")
    }

    @Test func layoutFollowsTheWindow() {
        let narrow = Layout(
            size: Size(width: 80, height: 24), focus: .dashboard, lower: .detail, side: .terminal, zoomed: false)
        #expect(Set(narrow.panes.keys) == [.dashboard, .detail])
        let wide = Layout(size: Size(width: 160, height: 50), focus: .files, lower: .files, side: .files, zoomed: false)
        #expect(Set(wide.panes.keys) == [.dashboard, .detail, .files])
        let small = Layout(
            size: Size(width: 39, height: 24), focus: .dashboard, lower: .detail, side: .terminal, zoomed: false)
        #expect(small.isTooSmall && small.panes.isEmpty)
        #expect(narrow.pane(atX: 5, y: 2) == .dashboard)
    }
}

/// Throughput guards: big output through the reducer and frames of a full terminal pane.
@Suite struct ThroughputTests {
    @Test func megabytesOfOutputFeedTheEmulatorInPlace() {
        var state = UIFixtures.state()
        let id = UIFixtures.id(7)
        state.dashboard.selectedID = id
        _ = UIFixtures.apply(&state, [UIFixtures.key("3"), .terminalOpened(id)])
        let line = Array("\u{1b}[32mok\u{1b}[0m the quick brown fox jumps over the lazy dog 0123456789\r\n".utf8)
        let chunk = Array(repeating: line, count: 64).flatMap { $0 }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<(4_000_000 / chunk.count) { _ = AppReducer.reduce(&state, .terminalOutput(id, chunk)) }
        }
        #expect(state.selectedTerminal?.emulator.scrollbackCount ?? 0 > 1000)
        #expect(elapsed < .seconds(20), "4 MB took \(elapsed)")
        let frames = clock.measure {
            for _ in 0..<50 { _ = RootView.frame(state) }
        }
        #expect(frames < .seconds(5), "50 frames took \(frames)")
    }
}
