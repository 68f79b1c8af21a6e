import Foundation
import RClaudeCore

extension GitWorkspaceSeeder {
    /// Whether `repository` names a repository to clone (`https://…`, `file://…`, `git@host:…`)
    /// rather than a local path.
    public static func isCloneURL(_ repository: String) -> Bool {
        repository.contains("://") || (repository.contains("@") && repository.contains(":") && !repository.hasPrefix("/"))
    }

    /// Seeds `directory` by cloning `url` inside the sandbox.
    ///
    /// The credential is used for this clone only (see `GitCredential`): it is not stored in
    /// `.git/config`, the remote URL or any file, so the agent cannot read it back.
    ///
    /// - Parameters:
    ///   - url: the repository URL (`https://…`, `ssh://…`, `git://…`, `file://…`). It must not
    ///     hold a password; pass that as `credential`.
    ///   - base: a branch, tag or commit of the remote (`HEAD` for its default branch).
    ///   - branch: the branch to create, e.g. `rclaude/<id>`.
    ///   - directory: a new or empty directory.
    ///   - credential: a token for HTTP(S) hosts, or `nil`.
    /// - Returns: the workspace.
    /// - Throws: `ProviderError` `.git` when the URL cannot be cloned or `base` is not in it;
    ///   `.workspace` when `directory` is not new or empty.
    public func clone(
        url: String, base: String = "HEAD", branch: String, into directory: String, credential: GitCredential? = nil
    ) async throws -> SeededWorkspace {
        if let password = URLComponents(string: url)?.password, !password.isEmpty {
            throw ProviderError(
                code: .git,
                message:
                    "the repository URL contains a password or token; remove it from the URL and pass it as the credential, so it is not stored in the clone"
            )
        }
        guard !base.isEmpty, !base.hasPrefix("-") else {
            throw ProviderError(
                code: .git, message: "'\(base)' is not a valid ref; pass a branch, tag or commit of \(url)")
        }
        try await validate(branch: branch)
        let config = credential?.configuration(for: url) ?? [:]
        let redact = { (text: String) in credential?.redact(text) ?? text }
        let target = try GitTargetDirectory(preparing: directory)
        do {
            let clone = try await git.run(
                ["clone", "--quiet", "--no-checkout", "--origin", "origin", "--", url, directory], config: config)
            guard clone.succeeded else {
                throw ProviderError(
                    code: .git,
                    message: redact(
                        "cannot clone '\(url)': \(clone.complaint); check the URL and the network, and that the credential may read the repository"
                    ))
            }
            let commit = try await resolve(base, url: url, in: directory, config: config, redact: redact)
            return try await finish(directory, base: commit, branch: branch)
        } catch {
            target.discard()
            throw error
        }
    }

    /// The commit `base` names in a fresh clone: a remote branch, a tag, or a commit (fetched by
    /// sha when the clone did not bring it).
    private func resolve(
        _ base: String, url: String, in directory: String, config: [String: String], redact: (String) -> String
    ) async throws -> String {
        let candidates = ["refs/remotes/origin/\(base)", "refs/tags/\(base)", base]
        for candidate in candidates {
            let found = try await git.run(["rev-parse", "--verify", "--quiet", "\(candidate)^{commit}"], in: directory)
            if found.succeeded, !found.output.isEmpty { return found.output }
        }
        let looksLikeSha = base.count >= 7 && base.count <= 64 && base.allSatisfy(\.isHexDigit)
        if looksLikeSha {
            let fetch = try await git.run(
                ["fetch", "--quiet", "--no-tags", "origin", base], in: directory, config: config)
            if fetch.succeeded {
                let found = try await git.run(
                    ["rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"], in: directory)
                if found.succeeded, !found.output.isEmpty { return found.output }
            }
        }
        throw ProviderError(
            code: .git,
            message: redact(
                "the ref '\(base)' does not exist in '\(url)'; list its branches and tags with 'git ls-remote \(url)' and pass one of them"
            ))
    }
}
