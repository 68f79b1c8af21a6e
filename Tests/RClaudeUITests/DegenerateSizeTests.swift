import Foundation
import RClaudeCore
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Every view at zero size, 1×1 and a sweep of tiny sizes must draw without trapping.
@Suite struct DegenerateSizeTests {
    typealias F = UIFixtures

    /// A state where every pane has content, an overlay of each kind, and a terminal with output.
    static func richStates() -> [AppState] {
        var base = F.state(size: Size(width: 80, height: 24))
        let id = F.id(7)
        base.dashboard.selectedID = id
        F.apply(
            &base, [F.key("3"), .terminalOpened(id), .terminalOutput(id, Array("wide 漢字 and 🙂\r\n\u{1b}[41mred".utf8))])
        var files = base
        F.apply(
            &files, [F.key("4"), .filesListed(id, directory: "", [FileEntry(path: "a", isDirectory: false, size: 1)])])
        var help = base
        F.apply(&help, [F.key("?")])
        var form = base
        F.apply(&form, [F.key("n")] + F.type("hello\u{0}"))
        var confirm = F.state()
        F.apply(&confirm, [F.key("c")])
        var prompt = base
        F.apply(&prompt, [F.key(":")] + F.type("theme"))
        var followUp = F.state()
        followUp.dashboard.selectedID = F.id(4)
        F.apply(&followUp, [F.key("p")] + F.type("more"))
        var zoomed = F.state()
        F.apply(&zoomed, [F.key("2"), F.key("z")])
        return [base, files, help, form, confirm, prompt, followUp, zoomed, AppState(size: .zero, now: F.now)]
    }

    func renderAll(_ state: AppState, width: Int, height: Int) {
        var state = state
        _ = AppReducer.reduce(&state, .input(.resize(Size(width: width, height: height))))
        var grid = Grid(width: width, height: height)
        let context = RenderContext(theme: state.theme, now: state.now)
        let area = grid.area
        DashboardView().render(state, area: area, into: &grid, context: context)
        TaskDetailView().render(state, area: area, into: &grid, context: context)
        TerminalPaneView().render(state, area: area, into: &grid, context: context)
        FileBrowserView().render(state, area: area, into: &grid, context: context)
        StatusBarView().render(state, area: area, into: &grid, context: context)
        HeaderView().render(state, area: area, into: &grid, context: context)
        HelpOverlayView().render(state, area: area, into: &grid, context: context)
        DialogView().render(state, area: area, into: &grid, context: context)
        TooSmallView().render(state, area: area, into: &grid, context: context)
        RootView().render(state, area: area, into: &grid, context: context)
        _ = RootView.frame(state)
        _ = RootView.cursor(state)
    }

    @Test func zeroSize() {
        for state in Self.richStates() { renderAll(state, width: 0, height: 0) }
    }

    @Test func oneByOne() {
        for state in Self.richStates() {
            renderAll(state, width: 1, height: 1)
            var grid = Grid(width: 1, height: 1)
            RootView().render(state, area: grid.area, into: &grid, context: .test)
        }
    }

    @Test func tinySizesSweep() {
        for state in Self.richStates() {
            for width in [0, 1, 2, 3, 5, 8, 13, 39, 40, 41] {
                for height in [0, 1, 2, 3, 4, 9, 10, 11] { renderAll(state, width: width, height: height) }
            }
        }
    }

    @Test func viewsDrawOutsideTheOriginOnly() {
        // A view asked to draw into a 1×1 area in the middle of a large grid touches only that cell.
        for state in Self.richStates() {
            var grid = Grid(width: 20, height: 10)
            let area = Rect(x: 5, y: 5, width: 1, height: 1)
            DashboardView().render(state, area: area, into: &grid, context: .test)
            TaskDetailView().render(state, area: area, into: &grid, context: .test)
            FileBrowserView().render(state, area: area, into: &grid, context: .test)
            TerminalPaneView().render(state, area: area, into: &grid, context: .test)
            for y in 0..<10 {
                for x in 0..<20 where !(x == 5 && y == 5) { #expect(grid[x, y] == Cell.blank) }
            }
        }
    }

    @Test func renderingAnInteractiveFrameDoesNotChangeUnderResizeLoops() {
        var state = F.state()
        for size in [Size(width: 200, height: 60), Size(width: 10, height: 3), Size(width: 80, height: 24)] {
            _ = AppReducer.reduce(&state, .input(.resize(size)))
            let frame = RootView.frame(state)
            #expect(frame.width == size.width && frame.height == size.height)
        }
    }
}
