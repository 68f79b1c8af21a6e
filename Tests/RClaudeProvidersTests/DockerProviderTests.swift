import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeProviders
import RClaudeTestSupport
import Testing

@Suite struct DockerProviderTests {
    let endpoint = DockerEndpoint.unix(path: "/nonexistent/rclaude-test/docker.sock")

    func record(_ workspace: WorkspaceSpec = .managed) throws -> TaskRecord {
        TaskRecord(id: try #require(TaskID("0123456789ab")), spec: TaskSpec(prompt: "p", agent: .shell, provider: "docker", workspace: workspace), createdAt: Date())
    }

    @Test func newTaskGetsAContainerWithItsDirectoryCopiedIn() async throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-docker-unit")
        defer { dir.remove() }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.appending("a.txt")))
        let transport = ScriptedDockerTransport(responses: [
            .json(404, #"{"message":"no such container"}"#), .json(200, #"{"Id":"sha256:1"}"#), .json(201, #"{"Id":"c0ffee"}"#),
            HTTPResponseData(status: 204), HTTPResponseData(status: 200),
        ])
        let provider = DockerProvider(client: DockerEngineClient(endpoint: endpoint, transport: transport), options: DockerProviderOptions(image: "localhost/img:1"))
        let workspace = try await provider.prepareWorkspace(for: try record(.directory(path: dir.path)))
        #expect(workspace == PreparedWorkspace(path: "rclaude-0123456789ab:/workspace", branch: nil))
        #expect(
            transport.lines == [
                "GET /v1.41/containers/rclaude-0123456789ab/json", "GET /v1.41/images/localhost/img:1/json",
                "POST /v1.41/containers/create?name=rclaude-0123456789ab", "POST /v1.41/containers/rclaude-0123456789ab/start",
                "PUT /v1.41/containers/rclaude-0123456789ab/archive?path=/&noOverwriteDirNonDir=true",
            ])
        let create = try jsonBody(transport.requests[2])
        #expect(create["Image"] as? String == "localhost/img:1")
        #expect(create["WorkingDir"] as? String == "/workspace")
        #expect((create["HostConfig"] as? [String: Any])?["NetworkMode"] as? String == "none")
        #expect((create["HostConfig"] as? [String: Any])?["Binds"] == nil)
        let entries = try TarArchive.decode(transport.requests[4].body ?? [])
        #expect(entries.map(\.path) == ["workspace", "workspace/a.txt"])
        #expect(entries[1].contents == Array("hello".utf8))
    }

    @Test func existingStoppedContainerIsRestartedNotRecreated() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(200, #"{"Id":"c0ffee","Name":"/rclaude-0123456789ab","State":{"Running":false,"Status":"exited"}}"#),
            HTTPResponseData(status: 204),
        ])
        let provider = DockerProvider(client: DockerEngineClient(endpoint: endpoint, transport: transport))
        let sandbox = try await provider.prepareSandbox(for: try record())
        #expect(sandbox == DockerSandbox(container: "rclaude-0123456789ab", workspacePath: "/workspace"))
        #expect(transport.lines == ["GET /v1.41/containers/rclaude-0123456789ab/json", "POST /v1.41/containers/rclaude-0123456789ab/start"])
    }

    @Test func missingImageStopsBeforeCreating() async throws {
        let transport = ScriptedDockerTransport(responses: [.json(404, "{}"), .json(404, #"{"message":"image not known"}"#)])
        let provider = DockerProvider(client: DockerEngineClient(endpoint: endpoint, transport: transport))
        let error = await #expect(throws: CoreError.self) { try await provider.prepareWorkspace(for: try record()) }
        #expect(error?.message.contains("import or pull localhost/rclaude-sandbox:latest") == true)
        #expect(transport.lines.count == 2)
    }

    @Test func mountOptionBindsTheDirectoryInsteadOfCopying() async throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-docker-unit")
        defer { dir.remove() }
        let transport = ScriptedDockerTransport(responses: [
            .json(404, "{}"), .json(200, "{}"), .json(201, #"{"Id":"c"}"#), HTTPResponseData(status: 204),
        ])
        var options = DockerProviderOptions()
        options.mountWorkspace = true
        let provider = DockerProvider(client: DockerEngineClient(endpoint: endpoint, transport: transport), options: options)
        _ = try await provider.prepareWorkspace(for: try record(.directory(path: dir.path)))
        let create = try jsonBody(transport.requests[2])
        #expect((create["HostConfig"] as? [String: Any])?["Binds"] as? [String] == ["\(dir.path):/workspace"])
        #expect(transport.lines.count == 4)
    }

    @Test func removeHonoursKeep() async throws {
        let transport = ScriptedDockerTransport(responses: [
            HTTPResponseData(status: 204), .json(200, #"{"Id":"c","State":{"Running":true}}"#), HTTPResponseData(status: 204),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let id = try #require(TaskID("0123456789ab"))
        try await DockerProvider(client: client).removeSandbox(for: id)
        try await DockerProvider(client: client, options: DockerProviderOptions(keepContainers: true)).removeSandbox(for: id)
        #expect(
            transport.lines == [
                "DELETE /v1.41/containers/rclaude-0123456789ab?force=true&v=true", "GET /v1.41/containers/rclaude-0123456789ab/json",
                "POST /v1.41/containers/rclaude-0123456789ab/stop?t=5",
            ])
    }

    @Test func workspaceReferences() throws {
        #expect(try DockerSandbox(reference: "rclaude-1:/workspace") == DockerSandbox(container: "rclaude-1", workspacePath: "/workspace"))
        for bad in ["/home/me/ws", ":/workspace", "c:relative"] {
            #expect(throws: ProviderError.self) { try DockerSandbox(reference: bad) }
        }
    }

    @Test func optionsFromEnvironment() {
        let options = DockerProviderOptions.fromEnvironment([
            "RCLAUDE_DOCKER_IMAGE": "debian-agent:1", "RCLAUDE_DOCKER_NETWORK": "bridge", "RCLAUDE_DOCKER_KEEP": "1",
        ])
        #expect(options.image == "debian-agent:1")
        #expect(options.networkMode == "bridge")
        #expect(options.keepContainers)
        #expect(!options.mountWorkspace)
        #expect(DockerProviderOptions.fromEnvironment([:]) == DockerProviderOptions())
    }

    @Test func signalScriptTargetsTheGroupThenTheTree() {
        let script = DockerExecProcess.signalScript(signal: 15, pidFile: "/tmp/p.pid")
        #expect(script.contains("kill -15 -\"$p\""))
        #expect(script.contains("/proc/\"$1\"/task/*/children"))
        #expect(script.contains("exit 3"))
    }
}
