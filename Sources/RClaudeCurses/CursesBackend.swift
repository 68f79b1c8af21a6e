import CNCurses
import Dispatch
import Foundation
import RClaudeTerminal
import RClaudeUI
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The live terminal backend: ncursesw on one dedicated thread.
//
// Every curses call happens on that thread. It sleeps in poll() on stdin and a wake pipe; the pipe is
// written by `present` (a new frame is waiting), `stop`, and the signal handlers (SIGWINCH resizes,
// SIGINT/SIGTERM/SIGHUP end the input so the app quits and restores the terminal). Frames are
// coalesced: only the newest waiting frame is drawn. Crashes (SIGSEGV, SIGILL, SIGTRAP, SIGABRT…)
// restore the saved termios and leave the alternate screen before the process dies.
//
// Everything that touches the shim's signal state lives in this one file (the shim's statics are per
// translation unit).

/// Draws the UI's frames with ncursesw and reads keys, mouse and resizes (`TerminalBackend`).
public final class CursesBackend: TerminalBackend, @unchecked Sendable {
    /// How the backend sets up the terminal.
    public struct Options: Sendable {
        /// Report mouse clicks and the wheel.
        public var mouse = true
        /// Draw without colours (NO_COLOR).
        public var noColor = false
        /// Milliseconds to wait after Escape for the rest of a key sequence.
        public var escapeDelay = 25

        /// Default options.
        public init(mouse: Bool = true, noColor: Bool = false, escapeDelay: Int = 25) {
            self.mouse = mouse
            self.noColor = noColor
            self.escapeDelay = escapeDelay
        }
    }

    /// Why the backend could not start.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        /// What went wrong and what to do.
        public var description: String
    }

    private struct Shared {
        var size = Size.zero
        var frame: (Grid, (x: Int, y: Int)?)?
        var stopRequested = false
        var running = false
        var depth = ColorDepth.none
        var startError: String?
        var notices: [String] = []
    }

    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation
    private let shared = Mutex(Shared())
    private let options: Options
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let startedSignal = DispatchSemaphore(value: 0)
    private let stoppedSignal = DispatchSemaphore(value: 0)

    /// Creates a backend; nothing happens to the terminal until `start()`.
    public init(options: Options = Options()) {
        self.options = options
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self, bufferingPolicy: .unbounded)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        stop()
        close(wakeRead)
        close(wakeWrite)
    }

    /// The colour depth in use (after `start()`).
    public var colorDepth: ColorDepth { shared.withLock { $0.depth } }

    /// Takes over the terminal: starts the curses thread and waits until the screen is ready.
    /// - Throws: `StartError` when stdin or stdout is not a terminal or curses cannot start.
    public func start() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw StartError(description: "the TUI needs a terminal (stdin and stdout must be a tty)")
        }
        guard wakeRead >= 0 else { throw StartError(description: "cannot create a pipe for the UI thread") }
        let thread = Thread { [self] in self.threadMain() }
        thread.name = "rclaude-curses"
        thread.start()
        startedSignal.wait()
        if let message = shared.withLock({ $0.startError }) { throw StartError(description: message) }
    }

    /// Gives the terminal back (endwin) and stops the curses thread. Safe to call more than once.
    public func stop() {
        let wasRunning = shared.withLock { s -> Bool in
            let running = s.running
            s.stopRequested = true
            return running
        }
        guard wasRunning else { return }
        wake()
        stoppedSignal.wait()
    }

    public var size: Size {
        get async { shared.withLock { $0.size } }
    }

    public func present(_ frame: Grid, cursor: (x: Int, y: Int)?) async {
        shared.withLock { $0.frame = (frame, cursor) }
        wake()
    }

    public func notify(_ message: String, mode: NotificationMode) async {
        let clean = NotificationMode.printable(message)
        let bytes: String
        switch mode {
        case .off: return
        case .bell: bytes = "\u{07}"
        case .osc9: bytes = "\u{1b}]9;\(clean)\u{07}"
        }
        shared.withLock { $0.notices.append(bytes) }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - The curses thread

    private func threadMain() {
        setlocale(LC_ALL, "")
        cncurses_save_terminal()
        cncurses_install_signals(wakeWrite)
        guard initscr() != nil else {
            cncurses_restore_signals()
            shared.withLock { $0.startError = "curses could not start on this terminal (is TERM set?)" }
            startedSignal.signal()
            return
        }
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = set_escdelay(Int32(options.escapeDelay))
        let screen = cncurses_stdscr()
        _ = keypad(screen, true)
        _ = nodelay(screen, true)
        _ = meta(screen, true)
        var colors = 0
        if has_colors() {
            _ = start_color()
            _ = use_default_colors()
            colors = Int(cncurses_colors())
        }
        let depth = ColorDepth(colors: colors, noColor: options.noColor)
        _ = curs_set(0)
        if options.mouse {
            _ = mousemask(cncurses_all_mouse_events(), nil)
            _ = mouseinterval(0)
        }
        writeRaw("\u{1b}[?2004h")
        var renderer = CursesScreen(depth: depth)
        shared.withLock {
            $0.size = Size(width: Int(cncurses_cols()), height: Int(cncurses_lines()))
            $0.depth = depth
            $0.running = true
        }
        startedSignal.signal()

        var decoder = InputDecoder()
        var emptyReads = 0
        var inputOpen = true
        while true {
            if shared.withLock({ $0.stopRequested }) { break }
            let ready = cncurses_wait(
                inputOpen ? 0 : -1, wakeRead, decoder.isPending ? Int32(options.escapeDelay) : 1000)
            if ready & 2 != 0 { drainWakePipe() }
            if cncurses_take_signal() != 0 { continuation.finish() }
            if cncurses_take_resized() != 0 { resize(&renderer, &decoder) }
            if ready & 1 != 0 {
                let got = readInput(&decoder, &renderer)
                emptyReads = got ? 0 : emptyReads + 1
                if emptyReads > 50 {
                    // poll keeps reporting stdin readable but nothing comes: the terminal is gone.
                    inputOpen = false
                    continuation.finish()
                }
            } else if ready == 0 && decoder.isPending {
                for event in decoder.flush() { continuation.yield(event) }
            }
            if let (frame, cursor) = shared.withLock({ s -> (Grid, (x: Int, y: Int)?)? in
                defer { s.frame = nil }
                return s.frame
            }) {
                renderer.draw(frame, cursor: cursor)
            }
            // After the frame: curses has flushed, so the notice goes out whole.
            for notice in shared.withLock({ s -> [String] in
                defer { s.notices = [] }
                return s.notices
            }) {
                writeRaw(notice)
            }
        }
        writeRaw("\u{1b}[?2004l")
        if options.mouse { _ = mousemask(0, nil) }
        _ = curs_set(1)
        _ = endwin()
        cncurses_restore_signals()
        shared.withLock { $0.running = false }
        continuation.finish()
        stoppedSignal.signal()
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    private func writeRaw(_ text: String) {
        fflush(nil)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    private func resize(_ renderer: inout CursesScreen, _ decoder: inout InputDecoder) {
        var rows: Int32 = 0
        var cols: Int32 = 0
        guard cncurses_window_size(1, &rows, &cols) == 0 || cncurses_window_size(0, &rows, &cols) == 0 else { return }
        let size = Size(width: Int(cols), height: Int(rows))
        // resizeterm queues a KEY_RESIZE of its own; that one finds the size unchanged and stops here.
        guard size != shared.withLock({ $0.size }) else { return }
        _ = resizeterm(rows, cols)
        renderer.invalidate()
        shared.withLock { $0.size = size }
        for event in decoder.feed(.resize(size)) { continuation.yield(event) }
    }

    /// Reads everything available; returns whether anything was read.
    private func readInput(_ decoder: inout InputDecoder, _ renderer: inout CursesScreen) -> Bool {
        let screen = cncurses_stdscr()
        var any = false
        while true {
            var value: wint_t = 0
            let result = wget_wch(screen, &value)
            if result == ERR { break }
            any = true
            let raw: RawInput?
            if result == KEY_CODE_YES {
                if Int32(value) == KEY_RESIZE {
                    _ = cncurses_take_resized()
                    resize(&renderer, &decoder)
                    continue
                }
                raw = Int32(value) == KEY_MOUSE ? mouse() : CursesBackend.key(Int32(value)).map(RawInput.key)
            } else {
                raw = .character(UInt32(value))
            }
            if let raw {
                for event in decoder.feed(raw) { continuation.yield(event) }
            }
        }
        return any
    }

    private func mouse() -> RawInput? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let state = event.bstate
        var modifiers: KeyModifiers = []
        if state & cncurses_button_shift() != 0 { modifiers.insert(.shift) }
        if state & cncurses_button_ctrl() != 0 { modifiers.insert(.control) }
        if state & cncurses_button_alt() != 0 { modifiers.insert(.alt) }
        let x = Int(event.x)
        let y = Int(event.y)
        if state & cncurses_button4_pressed() != 0 {
            return .mouse(MouseEvent(.scrollUp, button: .none, x: x, y: y, modifiers: modifiers))
        }
        let five = cncurses_button5_pressed()
        if five != 0 && state & five != 0 {
            return .mouse(MouseEvent(.scrollDown, button: .none, x: x, y: y, modifiers: modifiers))
        }
        if state & (cncurses_button1_pressed() | cncurses_button1_clicked()) != 0 {
            return .mouse(MouseEvent(.press, button: .left, x: x, y: y, modifiers: modifiers))
        }
        if state & cncurses_button1_released() != 0 {
            return .mouse(MouseEvent(.release, button: .left, x: x, y: y, modifiers: modifiers))
        }
        if state & cncurses_button2_pressed() != 0 {
            return .mouse(MouseEvent(.press, button: .middle, x: x, y: y, modifiers: modifiers))
        }
        if state & cncurses_button3_pressed() != 0 {
            return .mouse(MouseEvent(.press, button: .right, x: x, y: y, modifiers: modifiers))
        }
        return nil
    }

    /// The key for a curses key code.
    static func key(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return KeyEvent(.up)
        case KEY_DOWN: return KeyEvent(.down)
        case KEY_LEFT: return KeyEvent(.left)
        case KEY_RIGHT: return KeyEvent(.right)
        case KEY_SR: return KeyEvent(.up, modifiers: .shift)
        case KEY_SF: return KeyEvent(.down, modifiers: .shift)
        case KEY_SLEFT: return KeyEvent(.left, modifiers: .shift)
        case KEY_SRIGHT: return KeyEvent(.right, modifiers: .shift)
        case KEY_HOME: return KeyEvent(.home)
        case KEY_END: return KeyEvent(.end)
        case KEY_NPAGE: return KeyEvent(.pageDown)
        case KEY_PPAGE: return KeyEvent(.pageUp)
        case KEY_IC: return KeyEvent(.insert)
        case KEY_DC: return KeyEvent(.delete)
        case KEY_BACKSPACE: return KeyEvent(.backspace)
        case KEY_ENTER: return KeyEvent(.enter)
        case KEY_BTAB: return KeyEvent(.tab, modifiers: .shift)
        default:
            for n in 1...20 where code == cncurses_key_f(Int32(n)) { return KeyEvent(.function(n)) }
            for n in 13...24 where code == cncurses_key_f(Int32(n)) {
                return KeyEvent(.function(n - 12), modifiers: .shift)
            }
            return nil
        }
    }

    // MARK: - Background probe

    /// Asks the terminal for its background colour (OSC 11) before curses starts.
    /// - Parameter timeout: How long to wait for the answer, in milliseconds.
    /// - Returns: Whether the background is dark, or nil when the terminal did not answer in time.
    public static func probeDarkBackground(timeout: Int32 = 100) -> Bool? {
        guard isatty(0) == 1, isatty(1) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(0, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(0, TCSANOW, &saved) }
        let query = BackgroundProbe.query
        _ = query.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 128)
        var remaining = timeout
        let start = DispatchTime.now().uptimeNanoseconds
        while remaining > 0 {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, remaining) > 0 else { break }
            let n = read(0, &buffer, buffer.count)
            if n <= 0 { break }
            reply += buffer[0..<n]
            if reply.contains(0x07) || (reply.count >= 2 && reply.suffix(2) == [0x1B, 0x5C]) { break }
            let elapsed = Int32((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            remaining = timeout - elapsed
        }
        return BackgroundProbe.isDark(reply: reply)
    }
}
