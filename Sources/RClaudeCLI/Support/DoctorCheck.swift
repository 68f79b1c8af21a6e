/// One line of `rclaude doctor`: what was checked, how it went, and how to fix a failure.
struct DoctorCheck: Codable, Equatable {
    /// How a check went.
    enum Outcome: String, Codable {
        case ok
        case warning
        case failed
    }

    /// What area (`cache`, `agent`, `remote:NAME`, …).
    var area: String
    /// What was checked.
    var name: String
    /// How it went.
    var outcome: Outcome
    /// What was found (a version, a path, an error).
    var detail: String
    /// How to fix it, when it did not pass.
    var fix: String?
}
