import Foundation
import RClaudeCore

/// The new-task form: a multi-line prompt, the agent, whether it is interactive, the provider,
/// a workspace directory or repository, and the model.
public struct NewTaskForm: Sendable, Equatable {
    /// The fields, in Tab order.
    public enum Field: Int, CaseIterable, Sendable {
        /// The prompt (for shell, the command line); multi-line.
        case prompt
        /// claude or shell.
        case agent
        /// Run the agent's own UI in a PTY.
        case interactive
        /// Where the task runs.
        case provider
        /// An existing directory to run in (empty: a fresh managed one).
        case workspace
        /// A git repository to make a worktree of.
        case repository
        /// The model.
        case model

        /// The label shown before the field.
        public var label: String {
            switch self {
            case .prompt: return "Prompt"
            case .agent: return "Agent"
            case .interactive: return "Interactive"
            case .provider: return "Provider"
            case .workspace: return "Workspace"
            case .repository: return "Repository"
            case .model: return "Model"
            }
        }
    }

    /// The prompt.
    public var prompt = TextField("", isMultiline: true)
    /// The agent.
    public var agent = AgentKind.claude
    /// Whether the task is interactive.
    public var interactive = false
    /// The provider.
    public var provider = TextField("local")
    /// The workspace directory.
    public var workspace = TextField()
    /// The repository.
    public var repository = TextField()
    /// The model.
    public var model = TextField()
    /// The field with the cursor.
    public var focus = Field.prompt
    /// Why the form cannot be submitted yet.
    public var error: String?

    /// Creates an empty form.
    public init() {}

    /// The spec the form describes, or a message saying what to fix.
    public func spec() -> Result<TaskSpec, FormError> {
        let text = prompt.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(FormError(message: "the prompt is empty")) }
        let dir = workspace.text.trimmingCharacters(in: .whitespaces)
        let repo = repository.text.trimmingCharacters(in: .whitespaces)
        if !dir.isEmpty && !repo.isEmpty {
            return .failure(FormError(message: "give a workspace or a repository, not both"))
        }
        let workspaceSpec: WorkspaceSpec =
            !dir.isEmpty ? .directory(path: dir) : !repo.isEmpty ? .gitWorktree(repository: repo) : .managed
        let providerName = provider.text.trimmingCharacters(in: .whitespaces)
        let modelName = model.text.trimmingCharacters(in: .whitespaces)
        return .success(
            TaskSpec(
                prompt: text, agent: agent, provider: providerName.isEmpty ? "local" : providerName,
                workspace: workspaceSpec,
                options: TaskOptions(model: modelName.isEmpty ? nil : modelName, interactive: interactive)))
    }

    /// A reason the form cannot be submitted.
    public struct FormError: Error, Sendable, Equatable {
        /// What to fix.
        public var message: String
    }
}
