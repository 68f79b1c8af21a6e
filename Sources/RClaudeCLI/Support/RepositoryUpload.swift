import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeRemote

/// Sends a local repository to a remote host for a `--repo` task: its committed history up to
/// the base, as a git bundle, with the size shown while it travels.
struct RepositoryUpload {
    let env: LiveEnvironment

    func upload(_ snapshot: RepositorySnapshot, to service: RemoteTaskService) async throws -> RepositoryUploadResponse {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-upload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bundle = try await GitBundleMaker(git: try GitRunner(environment: env.environment)).makeInputBundle(
            repository: snapshot.toplevel, baseCommit: snapshot.baseCommit, to: scratch + "/repository.bundle",
            progress: { progress in
                if let total = progress.totalObjects, total > 10_000 {
                    StandardStreams.err("\rrclaude: bundling \(progress.objects)/\(total) objects")
                }
            })
        StandardStreams.err(
            "rclaude: sending \(snapshot.toplevel) at \(snapshot.shortBaseCommit) (\(bundle.sizeDescription)) to \(service.api.endpoint.name)\n")
        guard let data = FileManager.default.contents(atPath: bundle.path) else {
            throw CoreError(code: .storage, message: "cannot read the bundle back from \(bundle.path)")
        }
        let response = try await service.api.uploadRepository(Array(data))
        guard response.bytes == data.count else {
            throw CoreError(
                code: .unavailable,
                message: "the host received \(response.bytes) of \(data.count) bytes of the repository bundle; retry the run")
        }
        return response
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
