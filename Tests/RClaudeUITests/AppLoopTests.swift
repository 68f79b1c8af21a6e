import Foundation
import RClaudeCore
import RClaudeTerminal
import RClaudeTestSupport
import Testing

@testable import RClaudeUI

/// The whole app (loop, reducer, effect runner, views) against `TestBackend` and `FakeTaskService`.
@Suite struct AppLoopTests {
    typealias F = UIFixtures

    func start(_ service: FakeTaskService, size: Size = Size(width: 100, height: 30)) -> (
        TestBackend, Task<AppState, Never>
    ) {
        let backend = TestBackend(size: size)
        let loop = AppLoop(
            backend: backend, service: service, initialState: AppState(size: .zero, now: F.now), now: { F.now },
            tickInterval: .milliseconds(50), frameInterval: .milliseconds(5))
        return (backend, Task { await loop.run() })
    }

    @Test func showsTasksAndTheSelectedTasksEventsThenQuits() async throws {
        let service = FakeTaskService(tasks: F.tasks)
        service.appendEvents(F.id(6), [.output(PlainOutput(stream: "stdout", text: "notes written"))])
        let (backend, app) = start(service)
        #expect(await backend.waitFor("Write release notes") != nil)
        #expect(await backend.waitFor("notes written") != nil)
        backend.type("q")
        let state = await app.value
        #expect(state.shouldQuit)
        #expect(service.calls.contains("events(a1b2c3d4e506, from: 0)"))
    }

    @Test func liveEventsAppearAsTheyArrive() async throws {
        let service = FakeTaskService(tasks: F.tasks)
        let (backend, app) = start(service)
        #expect(await backend.waitFor("Fix the flaky login") != nil)
        backend.type("jjj")
        #expect(await backend.waitFor("a1b2c3d4 Fix the flaky") != nil)
        try await Task.sleep(for: .milliseconds(100))
        service.appendEvents(
            F.id(1),
            [
                .toolUse(
                    ToolUse(id: "x", name: "Bash", input: .object(["command": .string("make lint")]), messageID: nil))
            ])
        if await backend.waitFor("▸ Bash  make lint") == nil {
            Issue.record("screen:\n\(backend.lastFrame?.textDump() ?? "")\ncalls: \(service.calls)")
        }
        backend.close()
        _ = await app.value
    }

    @Test func newTaskFormStartsATaskAndShowsIt() async throws {
        let service = FakeTaskService(tasks: F.tasks)
        let (backend, app) = start(service)
        #expect(await backend.waitFor("Write release notes") != nil)
        backend.type("n")
        #expect(await backend.waitFor("New task") != nil)
        backend.type("echo from-the-form")
        backend.press(.tab)
        backend.press(.left)  // claude → shell (the choice wraps around)
        backend.press(.character("s"), .control)
        #expect(await backend.waitFor("started task") != nil)
        #expect(service.calls.contains("start(shell: echo from-the-form)"))
        #expect(await backend.waitFor("echo from-the-form") != nil)
        backend.close()
        _ = await app.value
    }

    @Test func serviceErrorsShowInTheStatusLine() async throws {
        let service = FakeTaskService(tasks: F.tasks)
        service.fail("retry", with: "the provider is unreachable")
        let (backend, app) = start(service)
        #expect(await backend.waitFor("Write release notes") != nil)
        backend.type("r")
        #expect(await backend.waitFor("the provider is unreachable") != nil)
        backend.close()
        _ = await app.value
    }

    @Test func attachSendsKeysToTheSessionAndResizesIt() async throws {
        var tasks = F.tasks
        tasks.removeAll { $0.id == F.id(6) || $0.id == F.id(2) }
        let service = FakeTaskService(tasks: tasks)
        let (backend, app) = start(service)
        #expect(await backend.waitFor("claude*") != nil)
        backend.type("g")
        backend.type("3")
        var session: FakeTerminalSession?
        for _ in 0..<200 where session == nil {
            session = service.session(F.id(7))
            try await Task.sleep(for: .milliseconds(10))
        }
        let live = try #require(session)
        live.emit("welcome to the pane\r\n$ ")
        #expect(await backend.waitFor("welcome to the pane") != nil)
        backend.press(.enter)
        #expect(await backend.waitFor("ATTACHED") != nil)
        backend.type("ls")
        backend.press(.character("b"), .control)
        for _ in 0..<200 where live.input != Array("ls".utf8) + [0x02] { try await Task.sleep(for: .milliseconds(10)) }
        #expect(live.input == Array("ls".utf8) + [0x02])
        backend.send(.resize(Size(width: 120, height: 40)))
        for _ in 0..<200 where live.sizes.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(live.sizes.last == TerminalSize(rows: 19, cols: 118))
        backend.press(.character("\\"), .control)
        #expect(await backend.waitFor("detached") != nil)
        backend.type("q")
        _ = await app.value
        #expect(live.isClosed, "quitting closes the connection, not the task")
    }

    @Test func fileBrowserReadsTheFakeWorkspace() async throws {
        let service = FakeTaskService(tasks: F.tasks)
        service.setFiles(
            F.id(1),
            FakeFileBrowser(
                files: ["notes.md": "# Release\n- fast\n", "src/a.swift": "let a = 1\n"],
                changes: [FileChange(status: "??", path: "notes.md")], diffs: ["notes.md": "+# Release\n+- fast\n"]))
        let (backend, app) = start(service)
        #expect(await backend.waitFor("Write release notes") != nil)
        backend.type("jjj4")
        #expect(await backend.waitFor("notes.md") != nil)
        backend.type("j")
        backend.press(.enter)
        #expect(await backend.waitFor("1 # Release") != nil)
        backend.type("D")
        backend.press(.enter)
        #expect(await backend.waitFor("+- fast") != nil)
        backend.close()
        _ = await app.value
    }

    @Test func idleLoopDrawsNothingNew() async throws {
        let service = FakeTaskService(tasks: F.tasks.filter { $0.status.isTerminal })
        let backend = TestBackend()
        let loop = AppLoop(
            backend: backend, service: service, initialState: AppState(size: .zero, now: F.now), now: { F.now },
            tickInterval: nil, frameInterval: .milliseconds(5))
        let app = Task { await loop.run() }
        #expect(await backend.waitFor("succeeded") != nil)
        // Let start-up settle (a loaded machine delivers the first loads late), then watch.
        var count = backend.frames.count
        for _ in 0..<15 {
            try await Task.sleep(for: .seconds(1))
            if backend.frames.count == count { break }
            count = backend.frames.count
        }
        try await Task.sleep(for: .seconds(1))
        let frames = backend.frames
        let changed = frames.count > count
            ? zip(frames[count - 1].lines, frames[frames.count - 1].lines).filter { $0 != $1 }.map { "\($0) → \($1)" }
            : []
        #expect(frames.count == count, "no input, no ticks: no frames; changed lines: \(changed)")
        backend.close()
        _ = await app.value
    }
}
