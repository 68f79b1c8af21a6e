import CRClaudeSystem
import RClaudeCore

/// The size of the terminal on stdout (or stdin).
enum TerminalWidth {
    static func current() -> Int? { size()?.cols }

    static func size() -> TerminalSize? {
        for fd: Int32 in [1, 0, 2] {
            var rows: UInt16 = 0
            var cols: UInt16 = 0
            if crclaude_get_winsize(fd, &rows, &cols) == 0, rows > 0, cols > 0 {
                return TerminalSize(rows: Int(rows), cols: Int(cols))
            }
        }
        return nil
    }
}
