import RClaudeCore

/// How the e2b provider creates and reaches sandboxes.
public struct E2BProviderOptions: Sendable, Equatable {
    /// The template every task's sandbox is created from (`RCLAUDE_E2B_TEMPLATE`, default
    /// `base`). It needs `/bin/bash` (or `/bin/sh` without `loginShell`) and the agent's program.
    public var template: String
    /// The sandbox's lifetime in seconds (`RCLAUDE_E2B_TIMEOUT`, default 3600): set at
    /// creation and again at the start of each later turn.
    public var sandboxTimeout: Int
    /// E2B's base domain (`E2B_DOMAIN`, default `e2b.app`).
    public var domain: String
    /// The control plane's URL (`E2B_API_URL`, default `https://api.<domain>`).
    public var apiURL: String
    /// envd's URL for every sandbox instead of the one derived from the domain
    /// (`E2B_SANDBOX_URL`; `E2B_DEBUG=true` gives `http://localhost:49983`). Tests point it
    /// at a local server; the routing headers still name the sandbox.
    public var envdURL: String?
    /// The workspace directory inside the sandbox.
    public var workspacePath: String
    /// Whether commands run under `/bin/bash -l -c` (the login environment, as the SDKs do)
    /// rather than `/bin/sh -c`.
    public var loginShell: Bool
    /// Whether the sandbox may reach the internet; nil keeps E2B's default (allowed). An agent
    /// calling a hosted model needs it.
    public var allowInternetAccess: Bool?
    /// The Linux user envd acts as; nil lets envd choose (`user`, home `/home/user`).
    public var user: String?
    /// How long envd may take to report a started process.
    public var startTimeout: Duration
    /// Credentials (API keys, tokens) given to every process's environment — only to envd's
    /// process start, never to sandbox metadata, the task record or a log.
    public var forwardedEnvironment: [String: String] = [:]

    /// The default template.
    public static let defaultTemplate = "base"
    /// The default sandbox lifetime, in seconds.
    public static let defaultTimeout = 3600
    /// The longest lifetime E2B allows (24 hours, on the Pro plan; Hobby allows 1 hour).
    public static let maximumTimeout = 86_400

    /// Creates options.
    public init(
        template: String = E2BProviderOptions.defaultTemplate, sandboxTimeout: Int = E2BProviderOptions.defaultTimeout,
        domain: String = "e2b.app", apiURL: String? = nil, envdURL: String? = nil,
        workspacePath: String = "/home/user/workspace", loginShell: Bool = true, allowInternetAccess: Bool? = nil,
        user: String? = nil, startTimeout: Duration = .seconds(60)
    ) {
        self.template = template
        self.sandboxTimeout = sandboxTimeout
        self.domain = domain
        self.apiURL = apiURL ?? "https://api.\(domain)"
        self.envdURL = envdURL
        self.workspacePath = workspacePath
        self.loginShell = loginShell
        self.allowInternetAccess = allowInternetAccess
        self.user = user
        self.startTimeout = startTimeout
    }

    /// Options from `RCLAUDE_E2B_TEMPLATE`, `RCLAUDE_E2B_TIMEOUT`, `E2B_DOMAIN`,
    /// `E2B_API_URL`, `E2B_SANDBOX_URL` and `E2B_DEBUG`; defaults elsewhere.
    ///
    /// - Throws: `CoreError` `.invalidInput` for a timeout that is not a whole number of
    ///   seconds between 1 and 86400.
    public static func fromEnvironment(_ environment: [String: String]) throws -> E2BProviderOptions {
        func nonEmpty(_ key: String) -> String? {
            environment[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var timeout = defaultTimeout
        if let text = nonEmpty("RCLAUDE_E2B_TIMEOUT") {
            guard let seconds = Int(text), (1...maximumTimeout).contains(seconds) else {
                throw CoreError(
                    code: .invalidInput,
                    message:
                        "RCLAUDE_E2B_TIMEOUT must be the sandbox lifetime in whole seconds, 1 to \(maximumTimeout) "
                        + "(e.g. 3600), not '\(text)'")
            }
            timeout = seconds
        }
        let domain = nonEmpty("E2B_DOMAIN") ?? "e2b.app"
        var envdURL = nonEmpty("E2B_SANDBOX_URL")
        if envdURL == nil, ["1", "true", "yes"].contains(nonEmpty("E2B_DEBUG")?.lowercased() ?? "") {
            envdURL = "http://localhost:\(EnvdEndpoint.port)"
        }
        return E2BProviderOptions(
            template: nonEmpty("RCLAUDE_E2B_TEMPLATE") ?? defaultTemplate, sandboxTimeout: timeout, domain: domain,
            apiURL: nonEmpty("E2B_API_URL"), envdURL: envdURL)
    }
}
