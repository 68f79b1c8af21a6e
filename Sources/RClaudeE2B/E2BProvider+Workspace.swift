import Foundation
import RClaudeCore
import RClaudeProviders

// MARK: - Workspaces

extension E2BProvider {
    /// Finds task `record`'s sandbox (this process's registry, the record's workspace, or the
    /// `rclaude.task` label) and extends it for another turn, resuming it if paused; creates
    /// one when there is none and copies the task's local directory into its workspace.
    ///
    /// - Throws: `CoreError` when E2B refuses (`E2B_API_KEY`, template, capacity) or cannot be
    ///   reached, `ProviderError` `.workspace` when the local directory cannot be copied in (the
    ///   new sandbox is then killed).
    public func prepareSandbox(for record: TaskRecord) async throws -> E2BSandboxReference {
        var candidates: [String] = []
        if let known = registry.sandbox(of: record.id) { candidates.append(known) }
        if let path = record.workspacePath, let reference = try? E2BSandboxReference(reference: path),
            !candidates.contains(reference.sandboxID)
        {
            candidates.append(reference.sandboxID)
        }
        for sandboxID in candidates {
            if let reference = try await reuse(sandboxID, for: record.id) { return reference }
        }
        let labelled = try await client.listSandboxes(metadata: [E2BClient.taskMetadataKey: record.id.rawValue])
        for listed in labelled where !candidates.contains(listed.sandboxID) {
            if let reference = try await reuse(listed.sandboxID, for: record.id) { return reference }
        }
        return try await createSandbox(for: record)
    }

    /// Readies existing sandbox `sandboxID` for task `id`, or returns nil when it is gone.
    private func reuse(_ sandboxID: String, for id: TaskID) async throws -> E2BSandboxReference? {
        let access: E2BSandboxRegistry.Access
        do {
            let detail = try await client.sandbox(sandboxID)
            if detail.state == .paused {
                let resumed = try await client.connectSandbox(sandboxID, seconds: options.sandboxTimeout)
                access = Self.access(of: resumed)
            } else {
                if detail.timeRemaining() < .seconds(options.sandboxTimeout) {
                    try await client.setTimeout(sandboxID, seconds: options.sandboxTimeout)
                }
                access = E2BSandboxRegistry.Access(
                    sandboxID: sandboxID,
                    accessToken: detail.envdAccessToken ?? registry.access(sandboxID)?.accessToken,
                    domain: detail.domain, envdVersion: detail.envdVersion)
            }
        } catch let error as CoreError where error.code == .notFound {
            registry.forget(sandboxID)
            return nil
        }
        registry.remember(access)
        registry.assign(sandboxID, to: id)
        try await envdClient(for: access).makeDirectory(options.workspacePath)
        return E2BSandboxReference(sandboxID: sandboxID, workspacePath: options.workspacePath)
    }

    private func createSandbox(for record: TaskRecord) async throws -> E2BSandboxReference {
        let request = E2BSandboxRequest(
            templateID: options.template, timeout: options.sandboxTimeout,
            metadata: [E2BClient.taskMetadataKey: record.id.rawValue], allowInternetAccess: options.allowInternetAccess)
        let sandbox = try await client.createSandbox(request)
        let access = Self.access(of: sandbox)
        registry.remember(access)
        registry.assign(sandbox.sandboxID, to: record.id)
        let reference = E2BSandboxReference(sandboxID: sandbox.sandboxID, workspacePath: options.workspacePath)
        do {
            let envd = envdClient(for: access)
            try await envd.makeDirectory(options.workspacePath)
            if case .gitWorktree(let repository) = record.workspaceSpec {
                // The committed history up to the base, cloned here onto rclaude/<id> and copied in.
                let seeded = try await GitSeededCopy.make(
                    repository: repository, base: record.options.baseRef, taskID: record.id,
                    environment: ProcessInfo.processInfo.environment)
                defer { seeded.remove() }
                try await uploadDirectory(seeded.path, to: envd, at: options.workspacePath)
            } else if let source = Self.localSource(of: record.workspaceSpec) {
                try await uploadDirectory(source, to: envd, at: options.workspacePath)
            }
        } catch {
            // A sandbox costs money while it lives: do not leave a half-prepared one behind.
            _ = try? await client.killSandbox(sandbox.sandboxID)
            registry.forget(sandbox.sandboxID)
            throw error
        }
        return reference
    }

    static func access(of sandbox: E2BSandbox) -> E2BSandboxRegistry.Access {
        E2BSandboxRegistry.Access(
            sandboxID: sandbox.sandboxID, accessToken: sandbox.envdAccessToken, domain: sandbox.domain,
            envdVersion: sandbox.envdVersion)
    }

    static func localSource(of spec: WorkspaceSpec) -> String? {
        switch spec {
        case .managed: nil
        case .directory(let path): path
        case .gitWorktree(let repository): repository
        }
    }

    // MARK: - Uploads

    /// Copies local `directory`'s tree into `destination` in the sandbox through envd's files
    /// API: files (8 at a time), empty directories, then one shell command for executable
    /// bits, other modes and symbolic links.
    ///
    /// - Throws: `ProviderError` `.workspace` naming the file that failed.
    public func uploadDirectory(_ directory: String, to envd: EnvdClient, at destination: String) async throws {
        let entries = try LocalDirectoryArchive.entries(of: directory, under: "").filter { !$0.path.isEmpty }
        let base = destination.hasSuffix("/") ? String(destination.dropLast()) : destination
        let files = entries.filter { if case .file = $0.kind { true } else { false } }
        let parents = Set(
            entries.flatMap { entry in
                let components = entry.path.split(separator: "/")
                return (1..<max(1, components.count)).map { components.prefix($0).joined(separator: "/") }
            })
        let emptyDirectories = entries.filter { $0.kind == .directory && !parents.contains($0.path) }
        do {
            for entry in emptyDirectories { try await envd.makeDirectory(base + "/" + entry.path) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func add() {
                    guard next < files.count else { return }
                    let entry = files[next]
                    next += 1
                    group.addTask { try await envd.writeFile(base + "/" + entry.path, contents: entry.contents) }
                }
                for _ in 0..<8 { add() }
                while try await group.next() != nil { add() }
            }
        } catch {
            throw ProviderError(
                code: .workspace,
                message:
                    "cannot copy '\(directory)' into E2B sandbox \(envd.sandboxID): \(E2BErrors.message(of: error))")
        }
        let script = Self.fixupScript(for: entries)
        guard !script.isEmpty else { return }
        let (exit, output) = try await runScript(script, envd: envd, cwd: base)
        guard exit.code == 0 else {
            let detail = String(decoding: output.suffix(500), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            throw ProviderError(
                code: .workspace,
                message:
                    "cannot set file modes and links in E2B sandbox \(envd.sandboxID) (exit \(exit.code)): \(detail); "
                    + "the template needs /bin/sh, chmod and ln")
        }
    }

    /// The shell commands, run in the destination, that give uploaded entries their modes and
    /// create symbolic links; empty when every file has the default mode.
    static func fixupScript(for entries: [TarEntry]) -> String {
        var byMode: [UInt32: [String]] = [:]
        var links: [String] = []
        for entry in entries {
            switch entry.kind {
            case .file where entry.mode & 0o7777 != 0o644:
                byMode[entry.mode & 0o7777, default: []].append(entry.path)
            case .directory where entry.mode & 0o7777 != 0o755:
                byMode[entry.mode & 0o7777, default: []].append(entry.path)
            case .symlink(let target):
                links.append("ln -sfn \(ShellQuote.quote(target)) \(ShellQuote.quote(entry.path))")
            default:
                continue
            }
        }
        guard !byMode.isEmpty || !links.isEmpty else { return "" }
        var lines = ["set -e"]
        lines += links
        for mode in byMode.keys.sorted() {
            // Batches keep each command line well under ARG_MAX.
            let paths = byMode[mode] ?? []
            for start in stride(from: 0, to: paths.count, by: 200) {
                let batch = paths[start..<min(start + 200, paths.count)].map(ShellQuote.quote)
                lines.append("chmod \(String(mode, radix: 8)) -- " + batch.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
