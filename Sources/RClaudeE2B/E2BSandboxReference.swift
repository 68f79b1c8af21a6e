import RClaudeCore
import RClaudeProviders

/// A task's E2B sandbox and the workspace directory inside it.
///
/// As a `PreparedWorkspace` it is written `e2b://<sandboxID>/home/user/workspace`, so a
/// launch, a later turn or another rclaude process finds the sandbox from the task record
/// alone.
public struct E2BSandboxReference: Sendable, Equatable, CustomStringConvertible {
    /// The sandbox's id.
    public var sandboxID: String
    /// The workspace directory inside the sandbox.
    public var workspacePath: String

    /// The reference's scheme.
    public static let scheme = "e2b://"

    /// Creates a reference.
    public init(sandboxID: String, workspacePath: String) {
        self.sandboxID = sandboxID
        self.workspacePath = workspacePath
    }

    /// Parses `e2b://<sandboxID>/<path>`.
    ///
    /// - Throws: `ProviderError` `.workspace` when `reference` is not of that form (a
    ///   workspace prepared by another provider).
    public init(reference: String) throws {
        guard reference.hasPrefix(Self.scheme) else {
            throw ProviderError(
                code: .workspace,
                message: "'\(reference)' is not an E2B workspace (e2b://SANDBOX/PATH); prepare it with the e2b provider"
            )
        }
        let rest = reference.dropFirst(Self.scheme.count)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else {
            throw ProviderError(
                code: .workspace,
                message:
                    "'\(reference)' names no sandbox or no path (expected e2b://SANDBOX/PATH); prepare it with the e2b provider"
            )
        }
        sandboxID = String(rest[..<slash])
        workspacePath = String(rest[slash...])
    }

    /// The `e2b://<sandboxID><path>` form.
    public var reference: String { Self.scheme + sandboxID + workspacePath }

    public var description: String { reference }

    /// The prepared workspace that names this sandbox.
    public var preparedWorkspace: PreparedWorkspace { PreparedWorkspace(path: reference, branch: nil) }
}
