import Foundation
import RClaudeCore
import RClaudeTerminal

@testable import RClaudeUI

/// Tasks, events and states shared by the UI tests, at a fixed time.
enum UIFixtures {
    /// 2026-01-01 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_767_268_800)

    static func id(_ n: Int) -> TaskID {
        let hex = String(0xa1b2_c3d4_e500 + n, radix: 16)
        return TaskID(String(repeating: "0", count: max(0, 12 - hex.count)) + hex) ?? TaskID.random()
    }

    static func task(
        _ n: Int, _ status: TaskStatus, prompt: String, agent: AgentKind = .claude, ageSeconds: Double,
        duration: Double? = nil, cost: Double? = nil, turns: Int = 0, interactive: Bool = false, reason: String? = nil
    ) -> TaskRecord {
        var record = TaskRecord(
            id: id(n),
            spec: TaskSpec(
                prompt: prompt, agent: agent,
                options: TaskOptions(model: agent == .claude ? "sonnet" : nil, interactive: interactive)),
            createdAt: now.addingTimeInterval(-ageSeconds))
        record.status = status
        if status != .queued {
            record.startedAt = record.createdAt.addingTimeInterval(1)
            record.workspacePath = "/home/dev/ws/\(record.id)"
        }
        if status.isTerminal, let duration { record.endedAt = record.startedAt?.addingTimeInterval(duration) }
        record.costUSD = cost
        record.turns = turns
        record.reason = reason
        return record
    }

    static let tasks: [TaskRecord] = [
        task(
            1, .running, prompt: "Fix the flaky login test in AuthTests and explain the cause", ageSeconds: 95,
            cost: 0.0421, turns: 3),
        task(2, .starting, prompt: "Add pagination to the /users endpoint", ageSeconds: 4),
        task(3, .succeeded, prompt: "make test", agent: .shell, ageSeconds: 600, duration: 42.5),
        task(
            4, .failed, prompt: "Upgrade the build to Swift 6 and fix every warning", ageSeconds: 7200, duration: 312,
            cost: 1.234, turns: 18, reason: "API Error: 529 overloaded"),
        task(
            5, .cancelled, prompt: "Refactor the parser into smaller files", ageSeconds: 90_000, duration: 60,
            cost: 0.31, turns: 5),
        task(6, .queued, prompt: "Write release notes for 0.2", ageSeconds: 1),
        task(7, .running, prompt: "claude", ageSeconds: 30, interactive: true),
    ]

    static let events: [AgentEvent] = [
        .initialized(
            SessionStarted(
                sessionID: "s1", model: "sonnet", cwd: "/home/dev/ws/a1b2c3d4e501", tools: ["Bash", "Read", "Edit"],
                agentVersion: "2.0", permissionMode: "acceptEdits")),
        .assistantText(
            AssistantText(
                messageID: "m1",
                text:
                    "I'll start by running the test suite to see which login test fails, then look at the timing code in AuthTests."
            )),
        .toolUse(
            ToolUse(
                id: "t1", name: "Bash", input: .object(["command": .string("swift test --filter AuthTests")]),
                messageID: "m1")),
        .toolResult(
            ToolResult(
                toolUseID: "t1", toolName: "Bash",
                content:
                    "Test Suite 'AuthTests' started\nTest testLogin failed: timeout after 2.0s\nExecuted 12 tests, 1 failure",
                isError: false)),
        .toolUse(
            ToolUse(
                id: "t2", name: "Read", input: .object(["file_path": .string("Tests/AuthTests.swift")]), messageID: "m2"
            )),
        .toolResult(
            ToolResult(
                toolUseID: "t2", toolName: "Read", content: "import XCTest\nfinal class AuthTests: XCTestCase {",
                isError: false)),
        .toolUse(
            ToolUse(
                id: "t3", name: "Edit",
                input: .object([
                    "file_path": .string("Tests/AuthTests.swift"), "old_string": .string("2.0"),
                    "new_string": .string("clock.advance"),
                ]), messageID: "m3")),
        .toolResult(ToolResult(toolUseID: "t3", toolName: "Edit", content: "String not found in file", isError: true)),
        .apiRetry(APIRetry(attempt: 1, maxRetries: 10, errorStatus: 529, error: "overloaded")),
        .assistantText(
            AssistantText(
                messageID: "m4",
                text:
                    "The test waits on a real clock. I replaced it with the injected test clock so it no longer races.")
        ),
        .result(
            RunResult(isError: false, subtype: "success", text: "done", costUSD: 0.0421, turns: 3, durationMS: 48_200)),
    ]

    /// A state with the sample tasks loaded and the first task's events.
    static func state(size: Size = Size(width: 80, height: 24), theme: Theme = .dark) -> AppState {
        var state = AppState(size: size, now: now, theme: theme)
        _ = AppReducer.reduce(&state, .tasksLoaded(TaskListing(tasks: tasks, problems: [])))
        state.dashboard.selectedID = id(1)
        _ = AppReducer.paneContentEffects(&state)
        _ = AppReducer.reduce(&state, .eventsReceived(id(1), generation: state.detail.generation, events))
        return state
    }

    /// Applies actions, returning all effects.
    @discardableResult
    static func apply(_ state: inout AppState, _ actions: [Action]) -> [Effect] {
        actions.flatMap { AppReducer.reduce(&state, $0) }
    }

    static func key(_ c: Character, _ modifiers: KeyModifiers = []) -> Action {
        .input(.key(KeyEvent(.character(c), modifiers: modifiers)))
    }

    static func key(_ k: Key, _ modifiers: KeyModifiers = []) -> Action {
        .input(.key(KeyEvent(k, modifiers: modifiers)))
    }

    static func type(_ text: String) -> [Action] { text.map { key($0) } }
}
