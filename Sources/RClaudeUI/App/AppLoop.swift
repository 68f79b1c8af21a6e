import Foundation
import RClaudeCore
import RClaudeTerminal
import Synchronization

/// Runs the TUI: input and service answers become actions, `AppReducer.reduce` updates the state,
/// effects go to the `EffectRunner`, and frames go to the backend.
///
/// Redraws are coalesced: at most one frame every `frameInterval` (60 per second), drawn as soon
/// as that allows, and none at all while nothing changes, so an idle TUI sleeps. The clock ticks
/// every `tickInterval` (faster while a spinner shows) to refresh ages and poll the task list.
public struct AppLoop: Sendable {
    private let backend: any TerminalBackend
    private let service: any TaskService
    private let initialState: AppState
    private let now: @Sendable () -> Date
    private let tickInterval: Duration?
    private let frameInterval: Duration

    /// Creates a loop.
    /// - Parameters:
    ///   - backend: The terminal to draw on and read from.
    ///   - service: Where tasks live.
    ///   - initialState: The first state (its size is replaced by the backend's).
    ///   - now: The clock for ticks.
    ///   - tickInterval: How often time advances; nil disables ticks (tests drive them).
    ///   - frameInterval: The shortest time between two frames.
    public init(
        backend: any TerminalBackend, service: any TaskService, initialState: AppState,
        now: @escaping @Sendable () -> Date = { Date() }, tickInterval: Duration? = .milliseconds(500),
        frameInterval: Duration = .milliseconds(16)
    ) {
        self.backend = backend
        self.service = service
        self.initialState = initialState
        self.now = now
        self.tickInterval = tickInterval
        self.frameInterval = frameInterval
    }

    private enum Message: Sendable {
        case action(Action)
        case render
        case inputEnded
    }

    /// Runs until the user quits or the input ends.
    /// - Returns: The final state.
    @discardableResult
    public func run() async -> AppState {
        var state = initialState
        state.size = await backend.size
        state.now = now()
        let (messages, continuation) = AsyncStream.makeStream(of: Message.self)
        let runner = EffectRunner(service: service) { continuation.yield(.action($0)) }
        let animating = Mutex(false)

        let input = Task { [backend] in
            for await event in backend.events { continuation.yield(.action(.input(event))) }
            continuation.yield(.inputEnded)
        }
        var ticker: Task<Void, Never>?
        if let tickInterval {
            let now = self.now
            ticker = Task {
                while !Task.isCancelled {
                    let fast = animating.withLock { $0 }
                    try? await Task.sleep(for: fast ? min(tickInterval, .milliseconds(200)) : tickInterval)
                    if Task.isCancelled { break }
                    continuation.yield(.action(.tick(now())))
                }
            }
        }
        defer {
            input.cancel()
            ticker?.cancel()
        }

        var effects = AppReducer.reduce(&state, .tick(state.now))
        for effect in effects { runner.submit(effect) }
        var shown: PresentedFrame?
        await present(state, replacing: &shown)
        let clock = ContinuousClock()
        var lastFrame = clock.now
        var dirty = false
        var renderScheduled = false

        loop: for await message in messages {
            switch message {
            case .inputEnded:
                break loop
            case .render:
                renderScheduled = false
            case .action(let action):
                effects = AppReducer.reduce(&state, action)
                dirty = true
                var quit = false
                for effect in effects {
                    switch effect {
                    case .quit: quit = true
                    case .notify(let message): await backend.notify(message, mode: state.notify)
                    default: runner.submit(effect)
                    }
                }
                if quit || state.shouldQuit {
                    for effect in effects where effect != .quit { await runner.perform(effect) }
                    break loop
                }
                let fast = state.isAnimating
                animating.withLock { $0 = fast }
            }
            guard dirty, !renderScheduled else { continue }
            let elapsed = lastFrame.duration(to: clock.now)
            if elapsed >= frameInterval {
                await present(state, replacing: &shown)
                lastFrame = clock.now
                dirty = false
            } else {
                renderScheduled = true
                let wait = frameInterval - elapsed
                Task {
                    try? await Task.sleep(for: wait)
                    continuation.yield(.render)
                }
            }
        }
        await runner.shutdown()
        continuation.finish()
        return state
    }

    /// Presents the state's frame unless it is exactly what is already on screen (an action that
    /// changed nothing visible costs no output).
    private func present(_ state: AppState, replacing shown: inout PresentedFrame?) async {
        let frame = PresentedFrame(grid: RootView.frame(state), cursor: RootView.cursor(state))
        if let shown, shown.matches(frame) { return }
        shown = frame
        await backend.present(frame.grid, cursor: frame.cursor)
    }
}

/// A frame as presented: its cells and where the cursor was.
struct PresentedFrame {
    let grid: Grid
    let cursor: (x: Int, y: Int)?

    func matches(_ other: PresentedFrame) -> Bool {
        guard grid.width == other.grid.width, grid.height == other.grid.height,
            cursor?.x == other.cursor?.x, cursor?.y == other.cursor?.y
        else { return false }
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y] != other.grid[x, y] { return false }
        }
        return true
    }
}
