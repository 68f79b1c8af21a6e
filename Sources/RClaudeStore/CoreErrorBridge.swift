import RClaudeCore

/// Builds `CoreError`s for storage failures.
enum CoreErrorBridge {
    static func storage(_ message: String) -> CoreError { CoreError(code: .storage, message: message) }
}
