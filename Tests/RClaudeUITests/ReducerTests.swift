import Foundation
import RClaudeCore
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Key handling and service answers, through `AppReducer.reduce` only.
@Suite struct ReducerTests {
    typealias F = UIFixtures

    @Test func firstTickLoadsTasksAndPollsAtMostTwiceASecond() {
        var state = AppState(size: Size(width: 80, height: 24), now: F.now)
        #expect(AppReducer.reduce(&state, .tick(F.now)) == [.loadTasks])
        #expect(AppReducer.reduce(&state, .tick(F.now.addingTimeInterval(0.2))) == [])
        #expect(AppReducer.reduce(&state, .tick(F.now.addingTimeInterval(0.6))) == [.loadTasks])
    }

    @Test func loadingSelectsTheNewestTaskAndSubscribesToItsEvents() {
        var state = AppState(size: Size(width: 80, height: 24), now: F.now)
        let effects = F.apply(&state, [.tasksLoaded(TaskListing(tasks: F.tasks, problems: []))])
        #expect(state.dashboard.selectedID == F.id(6))
        #expect(effects.contains(.subscribeEvents(F.id(6), from: 0, generation: 1)))
        #expect(state.dashboard.visible.count == 7)
    }

    @Test func jAndKMoveTheSelectionAndResubscribe() {
        var state = F.state()
        let before = state.dashboard.selectedIndex ?? -1
        let effects = F.apply(&state, [F.key("j")])
        #expect(state.dashboard.selectedIndex == before + 1)
        #expect(effects.contains { if case .subscribeEvents = $0 { return true } else { return false } })
        F.apply(&state, [F.key(.up), F.key(.up)])
        #expect(state.dashboard.selectedIndex == before - 1)
        F.apply(&state, [F.key("G")])
        #expect(state.dashboard.selectedIndex == 6)
        F.apply(&state, [F.key("g")])
        #expect(state.dashboard.selectedIndex == 0)
    }

    @Test func selectionSurvivesReloadAndFollowsANeighbourWhenDeleted() {
        var state = F.state()
        let selected = state.dashboard.selectedID
        F.apply(&state, [.tasksLoaded(TaskListing(tasks: F.tasks.reversed(), problems: []))])
        #expect(state.dashboard.selectedID == selected)
        let index = state.dashboard.selectedIndex ?? 0
        F.apply(&state, [.tasksLoaded(TaskListing(tasks: F.tasks.filter { $0.id != selected }, problems: []))])
        #expect(state.dashboard.selectedIndex == min(index, 5))
    }

    @Test func tabAndDigitsMoveFocus() {
        var state = F.state()
        #expect(state.focus == .dashboard)
        F.apply(&state, [F.key(.tab)])
        #expect(state.focus == .detail)
        F.apply(&state, [F.key(.tab, .shift)])
        #expect(state.focus == .dashboard)
        F.apply(&state, [F.key("4")])
        #expect(state.focus == .files)
        #expect(state.layout.panes[.files] != nil)
        F.apply(&state, [F.key("1"), F.key(.enter)])
        #expect(state.focus == .files, "Enter opens the last lower pane")
    }

    @Test func zoomFillsTheBodyAndEscapeRestores() {
        var state = F.state()
        F.apply(&state, [F.key("2"), F.key("z")])
        #expect(state.layout.panes == [.detail: Rect(x: 0, y: 1, width: 80, height: 22)])
        F.apply(&state, [F.key(.escape)])
        #expect(!state.zoomed)
    }

    @Test func themeKeyCyclesThemes() {
        var state = F.state()
        F.apply(&state, [F.key("t")])
        #expect(state.theme.name == "light")
        F.apply(&state, [F.key(":")] + F.type("theme high-contrast") + [F.key(.enter)])
        #expect(state.theme.name == "high-contrast")
        F.apply(&state, [F.key(":")] + F.type("theme nope") + [F.key(.enter)])
        #expect(state.flash?.kind == .error)
    }

    @Test func slashFiltersLiveAndEscapeClears() {
        var state = F.state()
        F.apply(&state, [F.key("/")] + F.type("status:failed"))
        #expect(state.dashboard.visible.map(\.id) == [F.id(4)])
        #expect(state.dashboard.selectedID == F.id(4))
        F.apply(&state, [F.key(.enter)])
        #expect(state.prompt == nil)
        #expect(state.dashboard.filter.statuses == [.failed])
        F.apply(&state, [F.key(.escape)])
        #expect(state.dashboard.visible.count == 7)
    }

    @Test func filterMatchesWordsAgentAndProvider() {
        var state = F.state()
        F.apply(&state, [F.key(":")] + F.type("filter agent:shell") + [F.key(.enter)])
        #expect(state.dashboard.visible.map(\.id) == [F.id(3)])
        F.apply(&state, [F.key(":")] + F.type("filter flaky provider:local") + [F.key(.enter)])
        #expect(state.dashboard.visible.map(\.id) == [F.id(1)])
    }

    @Test func sortKeyCyclesOrders() {
        var state = F.state()
        F.apply(&state, [F.key("o")])
        #expect(state.dashboard.sort == .oldest)
        #expect(state.dashboard.visible.first?.id == F.id(5))
        F.apply(&state, [F.key(":")] + F.type("sort cost") + [F.key(.enter)])
        #expect(state.dashboard.visible.first?.id == F.id(4))
    }

    @Test func cancelAsksFirstThenCancels() {
        var state = F.state()
        #expect(F.apply(&state, [F.key("c")]).isEmpty)
        guard case .confirm(let confirmation) = state.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.intent == .cancel(F.id(1)))
        let effects = F.apply(&state, [F.key("y")])
        #expect(effects == [.cancelTask(F.id(1), activity: 1)])
        #expect(state.activities[1] != nil)
        F.apply(&state, [.actionSucceeded("cancelling", activity: 1)])
        #expect(state.activities.isEmpty)
        #expect(state.flash?.kind == .success)
    }

    @Test func cancelDeclinedDoesNothing() {
        var state = F.state()
        #expect(F.apply(&state, [F.key("c"), F.key("n")]).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func deleteRefusesRunningTasksAndConfirmsEndedOnes() {
        var state = F.state()
        F.apply(&state, [F.key("d")])
        #expect(state.overlay == nil)
        #expect(state.flash?.message.contains("cancel it first") == true)
        state.dashboard.selectedID = F.id(4)
        let effects = F.apply(&state, [F.key("d"), F.key("y")])
        #expect(effects == [.deleteTask(F.id(4), activity: 1)])
    }

    @Test func retryStartsAndSelectsTheNewTask() {
        var state = F.state()
        let effects = F.apply(&state, [F.key("r")])
        #expect(effects == [.retryTask(F.id(1), activity: 1)])
        var record = F.tasks[0]
        record.id = F.id(99)
        record.createdAt = F.now
        F.apply(&state, [.taskStarted(record, activity: 1, message: "retrying")])
        #expect(state.dashboard.selectedID == F.id(99))
        #expect(state.activities.isEmpty)
    }

    @Test func failuresShowInTheStatusLine() {
        var state = F.state()
        F.apply(&state, [F.key("r"), .actionFailed("the sandbox is gone", activity: 1)])
        #expect(state.flash == Flash(message: "the sandbox is gone", kind: .error, shownAt: F.now))
        F.apply(&state, [.tick(F.now.addingTimeInterval(9))])
        #expect(state.flash == nil)
    }

    @Test func followUpNeedsAnEndedHeadlessTask() {
        var state = F.state()
        F.apply(&state, [F.key("p")])
        #expect(state.overlay == nil)
        state.dashboard.selectedID = F.id(4)
        F.apply(&state, [F.key("p")] + F.type("and the tests"))
        let effects = F.apply(&state, [F.key(.enter)])
        #expect(effects == [.sendFollowUp(F.id(4), "and the tests", activity: 1)])
    }

    @Test func agentChoiceCyclesThroughEveryAgentAndLettersPickOne() {
        var state = F.state()
        F.apply(&state, [F.key("n"), F.key(.tab)])
        var seen: [AgentKind] = []
        for _ in AgentKind.allCases {
            F.apply(&state, [F.key(.right)])
            if case .newTask(let form) = state.overlay { seen.append(form.agent) }
        }
        #expect(seen == [.codex, .gemini, .shell, .claude])
        F.apply(&state, [F.key("g")])
        if case .newTask(let form) = state.overlay { #expect(form.agent == .gemini) } else { Issue.record("the form closed") }
    }

    @Test func newTaskFormBuildsASpec() {
        var state = F.state()
        F.apply(&state, [F.key("n")] + F.type("echo hi") + [F.key(.enter)] + F.type("echo bye"))
        F.apply(
            &state, [F.key(.tab), F.key(.left), F.key(.tab), F.key(" "), F.key(.tab), F.key(.tab)] + F.type("/home/dev/project"))
        let effects = F.apply(&state, [F.key("s", .control)])
        let spec = TaskSpec(
            prompt: "echo hi\necho bye", agent: .shell, workspace: .directory(path: "/home/dev/project"),
            options: TaskOptions(interactive: true))
        #expect(effects == [.startTask(spec, activity: 1)])
        #expect(state.overlay == nil)
    }

    @Test func newTaskFormRefusesAnEmptyPrompt() {
        var state = F.state()
        let effects = F.apply(&state, [F.key("n"), F.key("s", .control)])
        #expect(effects.isEmpty)
        guard case .newTask(let form) = state.overlay else {
            Issue.record("form closed")
            return
        }
        #expect(form.error == "the prompt is empty")
    }

    @Test func commandLineQuits() {
        var state = F.state()
        let effects = F.apply(&state, [F.key(":")] + F.type("q") + [F.key(.enter)])
        #expect(effects.last == .quit)
        #expect(state.shouldQuit)
    }

    @Test func unknownCommandIsReported() {
        var state = F.state()
        F.apply(&state, [F.key(":")] + F.type("frobnicate") + [F.key(.enter)])
        #expect(state.flash?.message.contains("unknown command") == true)
    }

    @Test func helpOpensForTheFocusedPaneAndAnyKeyCloses() {
        var state = F.state()
        F.apply(&state, [F.key("2"), F.key("?")])
        #expect(state.overlay == .help(.detail))
        F.apply(&state, [F.key("x")])
        #expect(state.overlay == nil)
    }

    // MARK: - Detail

    @Test func detailFollowsUntilScrolledUpAndGResumes() {
        var state = F.state()
        F.apply(&state, [F.key("2")])
        #expect(state.detail.follow)
        let last = state.detail.lines.count - 1
        #expect(state.detail.cursor == last)
        F.apply(&state, [F.key("k")])
        #expect(!state.detail.follow)
        #expect(state.detail.cursor == last - 1)
        F.apply(
            &state,
            [
                .eventsReceived(
                    F.id(1), generation: state.detail.generation,
                    [.assistantText(AssistantText(messageID: nil, text: "more"))])
            ])
        #expect(state.detail.cursor == last - 1, "paused: new lines do not move the view")
        F.apply(&state, [F.key("G")])
        #expect(state.detail.follow)
        #expect(state.detail.cursor == state.detail.lines.count - 1)
        F.apply(&state, [F.key("g")])
        #expect(state.detail.cursor == 0 && !state.detail.follow)
        F.apply(&state, [F.key("d", .control)])
        #expect(state.detail.cursor > 0)
        F.apply(&state, [F.key(.pageDown), F.key(.pageDown), F.key(.pageDown)])
        #expect(state.detail.follow, "reaching the bottom resumes following")
    }

    @Test func enterUnfoldsAToolResult() {
        var state = F.state()
        F.apply(&state, [F.key("2"), F.key("g")])
        let resultLine = state.detail.lines.firstIndex { $0.text.contains("Test Suite") } ?? 0
        F.apply(&state, Array(repeating: F.key("j"), count: resultLine))
        let before = state.detail.lines.count
        F.apply(&state, [F.key(.enter)])
        #expect(state.detail.lines.count == before + 3)
        #expect(state.detail.lines.contains { $0.text.contains("Executed 12 tests") })
        F.apply(&state, [F.key(.enter)])
        #expect(state.detail.lines.count == before)
    }

    @Test func searchJumpsBetweenMatches() {
        var state = F.state()
        F.apply(&state, [F.key("2"), F.key("/")] + F.type("auth") + [F.key(.enter)])
        #expect(state.detail.search == "auth")
        #expect(state.detail.matches.count >= 3)
        let first = state.detail.cursor
        F.apply(&state, [F.key("n")])
        #expect(state.detail.cursor > first)
        F.apply(&state, [F.key("N")])
        #expect(state.detail.cursor == first)
        F.apply(&state, [F.key(.escape)])
        #expect(state.detail.search == nil)
        F.apply(&state, [F.key("n")])
        if case .newTask = state.overlay {} else { Issue.record("n without a search opens the new-task form") }
    }

    @Test func staleEventsAreIgnored() {
        var state = F.state()
        let count = state.detail.events.count
        F.apply(
            &state,
            [.eventsReceived(F.id(1), generation: state.detail.generation - 1, [.error(AgentError(message: "old"))])])
        F.apply(
            &state,
            [.eventsReceived(F.id(2), generation: state.detail.generation, [.error(AgentError(message: "other"))])])
        #expect(state.detail.events.count == count)
    }

    @Test func endedStreamResubscribesWhenAFollowUpRequeuesTheTask() {
        var state = F.state()
        state.dashboard.selectedID = F.id(4)
        _ = AppReducer.paneContentEffects(&state)
        F.apply(
            &state,
            [
                .eventsReceived(F.id(4), generation: state.detail.generation, [.error(AgentError(message: "x"))]),
                .eventsFinished(F.id(4), generation: state.detail.generation),
            ])
        var tasks = F.tasks
        tasks[3].status = .queued
        let effects = F.apply(&state, [.tasksLoaded(TaskListing(tasks: tasks, problems: []))])
        #expect(effects.contains(.subscribeEvents(F.id(4), from: 1, generation: state.detail.generation)))
    }

    // MARK: - Terminal

    func attachedState() -> (AppState, TaskID) {
        var state = F.state()
        let id = F.id(7)
        state.dashboard.selectedID = id
        let effects = F.apply(&state, [F.key("3")])
        #expect(effects.contains(.openTerminal(id, TerminalSize(rows: 11, cols: 78), interactive: true)))
        F.apply(&state, [.terminalOpened(id), F.key(.enter)])
        #expect(state.attached == id)
        return (state, id)
    }

    @Test func attachedKeysGoToTheTaskAndTheDetachKeyComesBack() {
        var (state, id) = attachedState()
        #expect(F.apply(&state, [F.key("q")]) == [.sendInput(id, Array("q".utf8))])
        #expect(F.apply(&state, [F.key("b", .control)]) == [.sendInput(id, [0x02])], "Ctrl-b belongs to the task")
        #expect(F.apply(&state, [F.key(.up)]) == [.sendInput(id, Array("\u{1b}[A".utf8))])
        #expect(F.apply(&state, [.input(.paste("ls\n"))]) == [.sendInput(id, Array("ls\r".utf8))])
        #expect(F.apply(&state, [F.key("\\", .control)]).isEmpty)
        #expect(state.attached == nil)
        #expect(!state.shouldQuit)
        F.apply(&state, [F.key("q")])
        #expect(state.shouldQuit)
    }

    @Test func applicationCursorModeChangesArrowKeys() {
        var (state, id) = attachedState()
        F.apply(&state, [.terminalOutput(id, Array("\u{1b}[?1h".utf8))])
        #expect(F.apply(&state, [F.key(.up)]) == [.sendInput(id, Array("\u{1b}OA".utf8))])
    }

    @Test func terminalRepliesGoBackToTheTask() {
        var (state, id) = attachedState()
        let effects = F.apply(&state, [.terminalOutput(id, Array("\u{1b}[6n".utf8))])
        #expect(effects == [.sendInput(id, Array("\u{1b}[1;1R".utf8))])
    }

    @Test func resizeAndZoomResizeThePTY() {
        var (state, id) = attachedState()
        let effects = F.apply(&state, [.input(.resize(Size(width: 100, height: 30)))])
        #expect(effects.contains(.resizeTerminal(id, TerminalSize(rows: 14, cols: 98))))
        F.apply(&state, [F.key("\\", .control)])
        let zoomed = F.apply(&state, [F.key("z")])
        #expect(zoomed.contains(.resizeTerminal(id, TerminalSize(rows: 26, cols: 98))))
        #expect(state.selectedTerminal?.emulator.rows == 26)
    }

    @Test func terminalScrollbackWithKeys() {
        var (state, id) = attachedState()
        F.apply(&state, [F.key("\\", .control)])
        let lines = (1...40).map { "line \($0)" }.joined(separator: "\r\n")
        F.apply(&state, [.terminalOutput(id, Array(lines.utf8))])
        F.apply(&state, [F.key("k"), F.key("k")])
        #expect(state.selectedTerminal?.scrollBack == 2)
        F.apply(&state, [F.key("G")])
        #expect(state.selectedTerminal?.scrollBack == 0)
    }

    @Test func headlessTasksShowTheirOutputReadOnly() {
        var state = F.state()
        state.dashboard.selectedID = F.id(3)
        let effects = F.apply(&state, [F.key("3")])
        #expect(effects.contains(.openTerminal(F.id(3), TerminalSize(rows: 11, cols: 78), interactive: false)))
        F.apply(&state, [.terminalOpened(F.id(3)), F.key(.enter)])
        #expect(state.attached == nil)
        #expect(state.flash?.message.contains("read-only") == true)
    }

    @Test func closingTheSessionDetaches() {
        var (state, id) = attachedState()
        F.apply(&state, [.terminalClosed(id, reason: nil)])
        #expect(state.attached == nil)
        #expect(state.flash != nil)
    }

    @Test func shellOpensAnInteractiveShellTaskAndAttaches() {
        var state = F.state()
        let effects = F.apply(&state, [F.key("s")])
        guard case .startTask(let spec, let activity) = effects.first else {
            Issue.record("no start: \(effects)")
            return
        }
        #expect(
            spec.agent == .shell && spec.options.interactive
                && spec.workspace == .directory(path: "/home/dev/ws/a1b2c3d4e501"))
        var record = TaskRecord(id: F.id(50), spec: spec, createdAt: F.now)
        record.status = .running
        record.startedAt = F.now
        let started = F.apply(&state, [.taskStarted(record, activity: activity, message: "started shell")])
        #expect(state.focus == .terminal)
        #expect(started.contains(.openTerminal(F.id(50), TerminalSize(rows: 11, cols: 78), interactive: true)))
        F.apply(&state, [.terminalOpened(F.id(50))])
        #expect(state.attached == F.id(50))
    }

    // MARK: - Files

    @Test func fileBrowserLoadsExpandsAndPreviews() {
        var state = F.state()
        let id = F.id(1)
        let effects = F.apply(&state, [F.key("4")])
        #expect(effects.contains(.listFiles(id, directory: "")) && effects.contains(.loadChanges(id)))
        F.apply(
            &state,
            [
                .filesListed(
                    id, directory: "",
                    [
                        FileEntry(path: "src", isDirectory: true, size: 0),
                        FileEntry(path: "a.txt", isDirectory: false, size: 3),
                    ])
            ])
        #expect(F.apply(&state, [F.key(.enter)]) == [.listFiles(id, directory: "src")])
        F.apply(
            &state,
            [.filesListed(id, directory: "src", [FileEntry(path: "src/main.swift", isDirectory: false, size: 10)])])
        #expect(state.files.treeRows.map(\.entry.path) == ["src", "src/main.swift", "a.txt"])
        #expect(F.apply(&state, [F.key("j"), F.key("l")]) == [.readFile(id, path: "src/main.swift")])
        F.apply(&state, [.fileRead(id, path: "src/main.swift", Array("print(1)\n".utf8))])
        #expect(state.files.preview?.lines == ["print(1)"])
        F.apply(&state, [F.key("h")])
        #expect(state.files.treeRows.count == 2)
    }

    @Test func binaryFilesAreNotShownAsText() {
        let preview = FilePreviewBuilder.file(path: "x.bin", bytes: [0, 1, 2, 0xFF, 0xFE], limit: 100)
        #expect(preview.kind == .binary)
        let garbage = FilePreviewBuilder.file(
            path: "t", bytes: Array("ok \u{1b}[31mred\u{1b}[0m\u{7}".utf8), limit: 100)
        #expect(garbage.lines == ["ok red"])
    }

    @Test func vanishedWorkspaceShowsTheError() {
        var state = F.state()
        F.apply(&state, [F.key("4"), .filesFailed(F.id(1), "cannot list '.': no such directory")])
        #expect(state.files.error == "cannot list '.': no such directory")
        let text = RootView.frame(state).textDump()
        #expect(text.contains("cannot list"))
    }

    // MARK: - Mouse and size

    @Test func mouseClickFocusesAndSelects() {
        var state = F.state()
        F.apply(&state, [.input(.mouse(MouseEvent(.press, button: .left, x: 10, y: 3)))])
        #expect(state.dashboard.selectedIndex == 0)
        F.apply(&state, [.input(.mouse(MouseEvent(.press, button: .left, x: 10, y: 15)))])
        #expect(state.focus == .detail)
        F.apply(&state, [.input(.mouse(MouseEvent(.scrollUp, button: .none, x: 10, y: 15)))])
        #expect(!state.detail.follow)
        F.apply(&state, [.input(.mouse(MouseEvent(.scrollDown, button: .none, x: 10, y: 5)))])
        #expect(state.dashboard.selectedIndex == 3)
    }

    @Test func tooSmallWindowOnlyQuits() {
        var state = F.state()
        F.apply(&state, [.input(.resize(Size(width: 20, height: 5))), F.key("j")])
        #expect(state.dashboard.selectedIndex == 3)
        F.apply(&state, [F.key("q")])
        #expect(state.shouldQuit)
    }
}

/// Steering from the UI: approve, deny and interrupt the selected task.
@Suite struct SteeringReducerTests {
    typealias F = UIFixtures

    func waitingState() -> AppState {
        var state = F.state(size: Size(width: 160, height: 30))
        var tasks = state.tasks
        if let index = tasks.firstIndex(where: { $0.id == F.id(1) }) {
            tasks[index].status = .waiting
            tasks[index].pendingPermission = PermissionRequest(
                requestID: "req-1", toolName: "Bash", summary: "rm -rf build", input: "{}", requestedAt: Date(timeIntervalSince1970: 0))
        }
        F.apply(&state, [.tasksLoaded(TaskListing(tasks: tasks, problems: []))])
        state.dashboard.selectedID = F.id(1)
        return state
    }

    @Test func approveAndDenyAnswerTheWaitingRequest() {
        var state = waitingState()
        #expect(F.apply(&state, [F.key("y")]) == [.answerPermission(F.id(1), allow: true, activity: 1)])
        var other = waitingState()
        #expect(F.apply(&other, [F.key("x")]) == [.answerPermission(F.id(1), allow: false, activity: 1)])
        let frame = RootView.frame(waitingState()).textDump()
        #expect(frame.contains("needs you"))
        #expect(frame.contains("⚑ wants to run Bash: rm -rf build  y approve · x deny"))
    }

    @Test func approveOnATaskThatIsNotWaitingOnlySaysSo() {
        var state = F.state()
        state.dashboard.selectedID = state.tasks.first { $0.status == .succeeded }?.id
        #expect(F.apply(&state, [F.key("y")]).isEmpty)
        #expect(state.flash?.message.contains("not waiting for permission") == true)
    }

    @Test func interruptGoesToRunningTasksOnly() {
        var state = F.state()
        let running = state.tasks.first { $0.status == .running }
        state.dashboard.selectedID = running?.id
        #expect(F.apply(&state, [F.key("i")]) == [.interruptTask(running?.id ?? F.id(0), activity: 1)])
        var ended = F.state()
        ended.dashboard.selectedID = ended.tasks.first { $0.status == .failed }?.id
        #expect(F.apply(&ended, [F.key("i")]).isEmpty)
    }
}

/// Opt-in notices when a task ends or needs the user, and the jump key.
@Suite struct NotificationReducerTests {
    typealias F = UIFixtures

    func transition(_ state: inout AppState, _ id: TaskID, to status: TaskStatus, prompt: String? = nil) -> [Effect] {
        var tasks = state.tasks
        if let index = tasks.firstIndex(where: { $0.id == id }) {
            tasks[index].status = status
            if let prompt { tasks[index].prompt = prompt }
        }
        return F.apply(&state, [.tasksLoaded(TaskListing(tasks: tasks, problems: []))])
    }

    @Test func noticesAreOptInAndSayWhatHappened() throws {
        var quiet = F.state()
        let running = try #require(quiet.tasks.first { $0.status == .running })
        #expect(!transition(&quiet, running.id, to: .succeeded).contains { if case .notify = $0 { true } else { false } })
        #expect(quiet.lastNotified == running.id, "the jump key works without notices")

        var loud = F.state()
        loud.notify = .osc9
        let effects = transition(&loud, running.id, to: .failed, prompt: "fix \u{1b}]0;owned\u{07} it")
        let notices = effects.compactMap { if case .notify(let text) = $0 { text } else { nil } }
        #expect(notices.count == 1)
        #expect(notices.first?.contains("failed") == true)
        #expect(notices.first?.contains("\u{1b}") == false, "task text never carries control characters to the terminal")
        let unchanged = transition(&loud, running.id, to: .failed)
        #expect(!unchanged.contains { if case .notify = $0 { true } else { false } }, "no notice without a change of status")
    }

    @Test func theJumpKeySelectsTheLatestNoticedTask() throws {
        var state = F.state()
        let running = try #require(state.tasks.first { $0.status == .running })
        _ = transition(&state, running.id, to: .waiting)
        state.dashboard.selectedID = state.tasks.first { $0.id != running.id }?.id
        F.apply(&state, [F.key("J")])
        #expect(state.dashboard.selectedID == running.id)
        #expect(state.focus == .detail)
    }

    @Test func pollingSlowsDownWithVeryManyTasks() {
        #expect(AppReducer.pollInterval(forTaskCount: 10) == 0.5)
        #expect(AppReducer.pollInterval(forTaskCount: 10_000) == 2.5)
    }
}

/// `/` in the terminal and files panes searches the pane, not the dashboard.
@Suite struct PaneSearchReducerTests {
    typealias F = UIFixtures

    @Test func slashInTheTerminalPaneScrollsBackToTheNearestMatch() throws {
        var state = F.state()
        let id = try #require(state.selectedTask?.id)
        var pane = TerminalPaneState(taskID: id, size: Size(width: 40, height: 5), source: .outputLog)
        _ = pane.emulator.feed((1...50).map { "line \($0)\n" }.joined())
        state.terminals[id] = pane
        state.focus = .terminal
        let filterBefore = state.dashboard.filter
        F.apply(&state, [F.key("/")] + F.type("line 12") + [F.key(.enter)])
        #expect(state.dashboard.filter == filterBefore, "the dashboard is not filtered")
        let scrolled = try #require(state.terminals[id])
        #expect(scrolled.scrollBack > 0)
        let top = scrolled.emulator.viewport(scrolledBack: scrolled.scrollBack).lines.first ?? ""
        #expect(top.hasPrefix("line 12"), "the match is at the top of the pane: \(top)")
        F.apply(&state, [F.key("/")] + F.type("no such text") + [F.key(.enter)])
        #expect(state.flash?.message.contains("is not in the terminal") == true)
    }

    @Test func slashInTheFilesPaneFindsTheLineInThePreview() {
        var state = F.state()
        state.focus = .files
        state.files.preview = FileBrowserState.Preview(path: "a.swift", kind: .file, lines: ["import X", "let a = 1", "func target() {}", "}"])
        F.apply(&state, [F.key("/")] + F.type("TARGET") + [F.key(.enter)])
        #expect(state.files.preview?.scrollTop == 2)
        #expect(state.dashboard.filter.isEmpty)
    }
}
