import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells whether a process recorded earlier still exists.
public enum ProcessLiveness {
    /// Whether `pid` names a live (not zombie) process.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        #if os(Linux)
        // A zombie (exited, not yet reaped) counts as gone.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.first == "Z" || fields.first == "X" { return false }
        }
        #endif
        return true
    }
}
