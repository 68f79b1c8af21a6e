import Foundation
import RClaudeCore
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Whole-screen snapshots at fixed sizes, with a fixed theme and clock.
@Suite struct SnapshotTests {
    func frame(_ state: AppState) -> String { RootView.frame(state).textDump() }

    @Test func dashboardAndDetail80x24() {
        assertSnapshot(frame(UIFixtures.state()), named: "dashboardAndDetail80x24")
    }

    @Test func dashboardAndDetail160x50Dark() {
        assertSnapshot(
            frame(UIFixtures.state(size: Size(width: 160, height: 50))), named: "dashboardAndDetail160x50Dark")
    }

    @Test func dashboardAndDetail160x50Light() {
        let state = UIFixtures.state(size: Size(width: 160, height: 50), theme: .light)
        assertSnapshot(frame(state), named: "dashboardAndDetail160x50Light")
    }

    @Test func detailFocusedWithExpandedResult() {
        var state = UIFixtures.state()
        UIFixtures.apply(
            &state,
            [
                UIFixtures.key("2"), UIFixtures.key("g"), UIFixtures.key("j"), UIFixtures.key("j"), UIFixtures.key("j"),
                UIFixtures.key("j"), UIFixtures.key(.enter),
            ])
        assertSnapshot(frame(state), named: "detailFocusedWithExpandedResult")
    }

    @Test func remoteProvidersShowTheirConnectionStateInTheHeader() {
        var state = UIFixtures.state(size: Size(width: 160, height: 12))
        let listing = TaskListing(
            tasks: state.tasks, problems: [],
            providers: [
                ProviderStatus(provider: "remote:gpu1", state: .connected),
                ProviderStatus(provider: "remote:ci", state: .reconnecting(attempt: 3)),
                ProviderStatus(provider: "remote:old", state: .unreachable, detail: "connection refused"),
            ])
        UIFixtures.apply(&state, [.tasksLoaded(listing)])
        let header = frame(state).split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("remote:gpu1 ●"))
        #expect(header.contains("remote:ci ◌3"))
        #expect(header.contains("remote:old ✗"))
        assertSnapshot(frame(state), named: "remoteProvidersInHeader")
    }

    @Test func helpOverlay() {
        var state = UIFixtures.state()
        UIFixtures.apply(&state, [UIFixtures.key("?")])
        assertSnapshot(frame(state), named: "helpOverlay")
    }

    @Test func newTaskForm() {
        var state = UIFixtures.state()
        UIFixtures.apply(&state, [UIFixtures.key("n")] + UIFixtures.type("Fix the bug"))
        assertSnapshot(frame(state), named: "newTaskForm")
    }

    @Test func confirmCancel() {
        var state = UIFixtures.state()
        UIFixtures.apply(&state, [UIFixtures.key("c")])
        assertSnapshot(frame(state), named: "confirmCancel")
    }

    @Test func filterPrompt() {
        var state = UIFixtures.state()
        UIFixtures.apply(&state, [UIFixtures.key("/")] + UIFixtures.type("status:failed"))
        assertSnapshot(frame(state), named: "filterPrompt")
    }

    @Test func tooSmall() {
        var state = UIFixtures.state()
        UIFixtures.apply(&state, [.input(.resize(Size(width: 30, height: 8)))])
        assertSnapshot(frame(state), named: "tooSmall")
    }

    @Test func emptyDashboard() {
        var state = AppState(size: Size(width: 80, height: 24), now: UIFixtures.now)
        UIFixtures.apply(&state, [.tasksLoaded(TaskListing(tasks: [], problems: []))])
        assertSnapshot(frame(state), named: "emptyDashboard")
    }

    @Test func terminalPane() {
        var state = UIFixtures.state()
        let id = UIFixtures.id(7)
        state.dashboard.selectedID = id
        UIFixtures.apply(&state, [UIFixtures.key("3")])
        UIFixtures.apply(
            &state,
            [.terminalOpened(id), .terminalOutput(id, Array("$ echo hi\r\nhi\r\n\u{1b}[31mred\u{1b}[0m $ ".utf8))])
        assertSnapshot(frame(state), named: "terminalPane")
    }

    @Test func fileBrowser() {
        var state = UIFixtures.state()
        let id = UIFixtures.id(1)
        UIFixtures.apply(&state, [UIFixtures.key("4")])
        UIFixtures.apply(
            &state,
            [
                .filesListed(
                    id, directory: "",
                    [
                        FileEntry(path: "Sources", isDirectory: true, size: 0),
                        FileEntry(path: "Package.swift", isDirectory: false, size: 1234),
                        FileEntry(path: "README.md", isDirectory: false, size: 80),
                    ]),
                .changesLoaded(id, [FileChange(status: " M", path: "README.md")]),
                UIFixtures.key("j"), UIFixtures.key("j"), UIFixtures.key(.enter),
                .fileRead(id, path: "README.md", Array("# Demo\n\nA demo project.\n".utf8)),
            ])
        assertSnapshot(frame(state), named: "fileBrowser")
    }

    @Test func fileBrowserDiff() {
        var state = UIFixtures.state()
        let id = UIFixtures.id(1)
        UIFixtures.apply(&state, [UIFixtures.key("4")])
        UIFixtures.apply(
            &state,
            [
                .changesLoaded(
                    id, [FileChange(status: " M", path: "README.md"), FileChange(status: "??", path: "notes.txt")]),
                UIFixtures.key("D"), UIFixtures.key(.enter),
                .diffLoaded(
                    id, path: "README.md",
                    "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n # Demo\n-old line\n+new line\n"
                ),
            ])
        assertSnapshot(frame(state), named: "fileBrowserDiff")
    }

    // MARK: - Colours

    @Test func dashboardStylesDark() {
        assertSnapshot(RootView.frame(UIFixtures.state()).styleDump(), named: "dashboardStylesDark")
    }

    @Test func dashboardStylesLight() {
        assertSnapshot(RootView.frame(UIFixtures.state(theme: .light)).styleDump(), named: "dashboardStylesLight")
    }

    @Test func dashboardStylesHighContrast() {
        assertSnapshot(
            RootView.frame(UIFixtures.state(theme: .highContrast)).styleDump(), named: "dashboardStylesHighContrast")
    }

    @Test func everyViewAt160x50InLight() {
        var state = UIFixtures.state(size: Size(width: 160, height: 50), theme: .light)
        UIFixtures.apply(
            &state,
            [
                UIFixtures.key("4"), .changesLoaded(UIFixtures.id(1), [FileChange(status: " M", path: "README.md")]),
                UIFixtures.key("D"), UIFixtures.key(.enter),
                .diffLoaded(UIFixtures.id(1), path: "README.md", "@@ -1 +1 @@\n-old\n+new\n"),
            ])
        let frame = RootView.frame(state)
        assertSnapshot(frame.textDump(), named: "everyViewAt160x50InLight")
        assertSnapshot(frame.styleDump(), named: "everyViewAt160x50InLightStyles")
    }

    @Test func monochromeStyles() {
        let state = UIFixtures.state(theme: Theme.dark.withoutColors())
        let dump = RootView.frame(state).styleDump()
        #expect(!dump.contains("/2") && !dump.contains("75/"), "NO_COLOR: no colours at all")
        assertSnapshot(dump, named: "monochromeStyles")
    }
}
