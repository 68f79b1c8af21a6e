import Foundation
import RClaudeCore
import Testing

@Suite struct TaskLifecycleStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func record(_ status: TaskStatus) -> TaskRecord {
        var r = TaskRecord(id: TaskID("abc123")!, spec: TaskSpec(prompt: "p"), createdAt: now)
        r.status = status
        return r
    }

    static let events: [TaskLifecycleStateMachine.Event] = [
        .start, .launched(processGroup: 42), .exited(success: true, exitCode: 0, reason: nil),
        .exited(success: false, exitCode: 3, reason: "boom"), .fail(reason: "bad"), .processLost,
        .cancel(reason: "user"), .followUp(prompt: "more"),
        .permissionRequested(
            PermissionRequest(
                requestID: "r1", toolName: "Bash", summary: "rm -rf build", input: "{}", requestedAt: Date(timeIntervalSince1970: 0))),
        .permissionAnswered, .restart,
    ]

    /// The complete transition table: (from, event index) → to. Everything absent is illegal.
    static let legal: [TaskStatus: [Int: TaskStatus]] = [
        .queued: [0: .starting, 4: .failed, 6: .cancelled],
        .starting: [1: .running, 4: .failed, 5: .failed, 6: .cancelled],
        .running: [2: .succeeded, 3: .failed, 4: .failed, 5: .failed, 6: .cancelled, 8: .waiting],
        .waiting: [2: .succeeded, 3: .failed, 4: .failed, 5: .failed, 6: .cancelled, 8: .waiting, 9: .running],
        .succeeded: [7: .queued],
        .failed: [7: .queued, 10: .queued],
        .cancelled: [7: .queued],
    ]

    @Test(arguments: TaskStatus.allCases)
    func everyEventFromEveryStatus(_ status: TaskStatus) {
        let machine = TaskLifecycleStateMachine()
        for (index, event) in Self.events.enumerated() {
            var r = record(status)
            let before = r
            let outcome = machine.apply(event, to: &r, now: now)
            if let target = Self.legal[status]?[index] {
                #expect(outcome == .transitioned(from: status, to: target), "\(status) + \(event)")
                #expect(r.status == target)
            } else {
                #expect(outcome == .rejected(status: status, event: TaskLifecycleStateMachine.name(of: event)))
                #expect(r == before, "a rejected event must not change the record")
            }
        }
    }

    @Test func restartRequeuesAFailedTaskAndCountsIt() {
        let machine = TaskLifecycleStateMachine()
        var r = record(.failed)
        r.reason = "exited with status 1"
        r.exitCode = 1
        r.endedAt = now
        machine.apply(.restart, to: &r, now: now)
        #expect(r.status == .queued)
        #expect(r.restartCount == 1)
        #expect(r.exitCode == nil && r.endedAt == nil)
        #expect(r.reason == "exited with status 1", "the reason of the failure stays visible while it is re-queued")
        machine.apply(.start, to: &r, now: now)
        #expect(r.reason == nil)
    }

    @Test func fullHappyPathRecordsTimesAndClearsProcessInfo() {
        let machine = TaskLifecycleStateMachine()
        var r = record(.queued)
        machine.apply(.start, to: &r, now: now)
        machine.apply(.launched(processGroup: 99), to: &r, now: now.addingTimeInterval(1))
        #expect(r.startedAt == now.addingTimeInterval(1))
        #expect(r.agentProcessGroup == 99)
        machine.apply(.exited(success: true, exitCode: 0, reason: nil), to: &r, now: now.addingTimeInterval(5))
        #expect(r.status == .succeeded)
        #expect(r.endedAt == now.addingTimeInterval(5))
        #expect(r.agentProcessGroup == nil)
        #expect(r.duration(now: now.addingTimeInterval(100)) == 4)
    }

    @Test func failureKeepsReasonAndDefaultReasonNamesExitCode() {
        let machine = TaskLifecycleStateMachine()
        var r = record(.running)
        machine.apply(.exited(success: false, exitCode: 7, reason: nil), to: &r, now: now)
        #expect(r.reason == "the agent exited with status 7")
        #expect(r.exitCode == 7)
        var lost = record(.running)
        machine.apply(.processLost, to: &lost, now: now)
        #expect(lost.reason == "process lost")
    }

    @Test func aPermissionRequestWaitsAndTheAnswerOrTheEndClearsIt() {
        let machine = TaskLifecycleStateMachine()
        let request = PermissionRequest(requestID: "r1", toolName: "Bash", summary: "make", input: "{}", requestedAt: now)
        var r = record(.running)
        machine.apply(.permissionRequested(request), to: &r, now: now)
        #expect(r.status == .waiting && r.status.isActive)
        #expect(r.pendingPermission == request)
        machine.apply(.permissionAnswered, to: &r, now: now)
        #expect(r.status == .running && r.pendingPermission == nil)
        machine.apply(.permissionRequested(request), to: &r, now: now)
        machine.apply(.cancel(reason: "user"), to: &r, now: now)
        #expect(r.status == .cancelled && r.pendingPermission == nil, "an ended task waits for nobody")
    }

    @Test func followUpRequeuesAndRemembersPrompt() {
        let machine = TaskLifecycleStateMachine()
        var r = record(.failed)
        r.reason = "x"
        r.endedAt = now
        machine.apply(.followUp(prompt: "again"), to: &r, now: now)
        #expect(r.status == .queued)
        #expect(r.reason == nil && r.endedAt == nil)
        #expect(r.followUps == ["again"])
        #expect(r.latestPrompt == "again")
    }
}
