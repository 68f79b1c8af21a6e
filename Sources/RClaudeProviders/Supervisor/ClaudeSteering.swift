import Foundation
import RClaudeCore
import RClaudeStore
import Synchronization

/// The supervisor's side of Claude Code's stdin control protocol: it records permission
/// requests on the task (status `waiting`), answers them with what users post to the task's
/// steering mailbox, sends interrupts, and closes stdin when the turn's result has arrived.
final class ClaudeSteering: Sendable {
    private let id: TaskID
    private let process: any SupervisedProcess
    private let cache: any TaskCache
    private let mailbox: SteeringMailbox
    private let machine: TaskLifecycleStateMachine
    private let now: @Sendable () -> Date
    private struct State {
        var pending: [String: JSONValue] = [:]
        var interrupted = false
        var ended = false
    }
    private let state = Mutex(State())
    /// How often the mailbox is read.
    let pollInterval: Duration = .milliseconds(50)

    init(
        id: TaskID, process: any SupervisedProcess, cache: any TaskCache, mailbox: SteeringMailbox, machine: TaskLifecycleStateMachine,
        now: @escaping @Sendable () -> Date
    ) {
        self.id = id
        self.process = process
        self.cache = cache
        self.mailbox = mailbox
        self.machine = machine
        self.now = now
    }

    /// Whether the user interrupted the turn.
    var interrupted: Bool { state.withLock { $0.interrupted } }

    /// Handles a control line from the agent; false for every other line.
    func handle(_ line: [UInt8]) -> Bool {
        guard let request = ClaudeControlProtocol.request(in: line, now: now()) else { return false }
        switch request {
        case .acknowledgement:
            break
        case .permission(let permission, let input):
            state.withLock { $0.pending[permission.requestID] = input }
            _ = try? cache.update(id) { machine.apply(.permissionRequested(permission), to: &$0, now: now()) }
        case .cancelled(let requestID):
            withdraw(requestID)
        case .unsupported(let requestID, let subtype):
            process.write(ClaudeControlProtocol.unsupported(requestID, subtype: subtype))
        }
        return true
    }

    /// The turn's result arrived: no more input is needed, so stdin closes and the CLI exits.
    func turnEnded() {
        let first = state.withLock { s -> Bool in
            defer { s.ended = true }
            return !s.ended
        }
        if first { process.closeInput() }
    }

    /// Reads the mailbox until cancelled.
    func pollMailbox() async {
        while !Task.isCancelled {
            let posted = mailbox.take()
            // The supervisor's stderr is its log file: an unreadable command is reported there.
            for problem in posted.problems { FileHandle.standardError.write(Data("rclaude: \(problem)\n".utf8)) }
            for command in posted.commands { apply(command) }
            try? await Task.sleep(for: pollInterval)
        }
    }

    private func apply(_ command: SteeringCommand) {
        switch command {
        case .allow(let requestID):
            guard let input = state.withLock({ $0.pending.removeValue(forKey: requestID) }) else { return }
            process.write(ClaudeControlProtocol.allow(requestID, input: input))
            answered(requestID)
        case .deny(let requestID, let message):
            guard state.withLock({ $0.pending.removeValue(forKey: requestID) }) != nil else { return }
            process.write(ClaudeControlProtocol.deny(requestID, message: message))
            answered(requestID)
        case .interrupt:
            state.withLock { $0.interrupted = true }
            process.write(ClaudeControlProtocol.interrupt(requestID: "rclaude-interrupt-\(UInt32.random(in: 0...UInt32.max))"))
            // Whatever the agent was waiting for is moot now.
            for requestID in state.withLock({ Array($0.pending.keys) }) {
                process.write(ClaudeControlProtocol.deny(requestID, message: "interrupted by the user"))
                withdraw(requestID)
            }
        }
    }

    private func withdraw(_ requestID: String) {
        state.withLock { _ = $0.pending.removeValue(forKey: requestID) }
        answered(requestID)
    }

    private func answered(_ requestID: String) {
        _ = try? cache.update(id) { record in
            guard record.pendingPermission?.requestID == requestID else { return }
            machine.apply(.permissionAnswered, to: &record, now: now())
        }
    }
}
