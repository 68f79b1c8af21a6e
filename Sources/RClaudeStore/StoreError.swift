#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Describes a failed system call in words a user can act on.
enum SystemErrorText {
    /// `what` failed with `code` (an errno value); the text names the cause and a fix.
    static func describe(_ what: String, errno code: Int32) -> String {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            return "\(what): the disk is full (\(reason)); free some space and try again — the previous version is intact"
        case EACCES, EPERM:
            return "\(what): permission denied (\(reason)); check the ownership and mode of the directory"
        case EROFS:
            return "\(what): the file system is read-only (\(reason)); point RCLAUDE_HOME at a writable directory"
        case ENOENT:
            return "\(what): no such file or directory"
        default:
            return "\(what): \(reason)"
        }
    }
}
