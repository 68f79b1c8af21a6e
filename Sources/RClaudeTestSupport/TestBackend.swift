import Foundation
import RClaudeTerminal
import RClaudeUI
import Synchronization

/// A `TerminalBackend` for tests: records every frame and replays input sent by the test.
public final class TestBackend: TerminalBackend, @unchecked Sendable {
    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation
    private let state: Mutex<(size: Size, frames: [Grid], cursors: [(x: Int, y: Int)?])>

    /// Creates a backend of `size`.
    public init(size: Size = Size(width: 80, height: 24)) {
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self)
        state = Mutex((size, [], []))
    }

    public var size: Size { get async { state.withLock { $0.size } } }

    public func present(_ frame: Grid, cursor: (x: Int, y: Int)?) async {
        state.withLock {
            $0.frames.append(frame)
            $0.cursors.append(cursor)
        }
    }

    /// The notifications the app sent, in order.
    public var notices: [String] { noticeLog.withLock { $0 } }
    private let noticeLog = Mutex<[String]>([])

    public func notify(_ message: String, mode: NotificationMode) async {
        noticeLog.withLock { $0.append("\(mode.rawValue): \(message)") }
    }

    /// Sends input as if the user typed it.
    public func send(_ event: InputEvent) {
        if case .resize(let size) = event { state.withLock { $0.size = size } }
        continuation.yield(event)
    }

    /// Types each character of `text` as a key.
    public func type(_ text: String) {
        for c in text { send(.key(KeyEvent(.character(c)))) }
    }

    /// Presses a key.
    public func press(_ key: Key, _ modifiers: KeyModifiers = []) {
        send(.key(KeyEvent(key, modifiers: modifiers)))
    }

    /// Ends the input (the loop then exits).
    public func close() { continuation.finish() }

    /// Every frame presented so far.
    public var frames: [Grid] { state.withLock { $0.frames } }

    /// The latest frame.
    public var lastFrame: Grid? { state.withLock { $0.frames.last } }

    /// Waits until the latest frame satisfies `condition`, or `timeout` seconds pass.
    /// - Returns: The frame, or nil on timeout.
    public func waitForFrame(timeout: TimeInterval = 60, _ condition: (Grid) -> Bool) async -> Grid? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let frame = lastFrame, condition(frame) { return frame }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Waits until the latest frame contains `text`.
    public func waitFor(_ text: String, timeout: TimeInterval = 60) async -> Grid? {
        await waitForFrame(timeout: timeout) { $0.lines.contains { $0.contains(text) } }
    }
}
