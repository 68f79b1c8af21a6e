import ArgumentParser
import RClaudeCore
import RClaudeProviders

/// Turns library errors into a clean message on stderr and exit status 1 (the CLI boundary).
enum CLIError {
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw translate(error)
        }
    }

    static func wrapAsync<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw translate(error)
        }
    }

    /// The message of a library error (its description otherwise).
    static func message(of error: any Error) -> String {
        switch error {
        case let e as CoreError: e.message
        case let e as ProviderError: e.message
        default: "\(error)"
        }
    }

    static func translate(_ error: any Error) -> any Error {
        switch error {
        case let e as CoreError:
            StandardStreams.err("rclaude: error: \(e.message)\n")
            return ExitCode(e.code == .notFound || e.code == .ambiguous || e.code == .invalidInput ? 2 : 1)
        case let e as ProviderError:
            StandardStreams.err("rclaude: error: \(e.message)\n")
            return ExitCode(1)
        default:
            return error
        }
    }
}
