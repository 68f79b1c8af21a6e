import Foundation
import RClaudeCore
import RClaudeHTTP
import RClaudeProviders
import Testing

@Suite struct DockerEngineClientTests {
    let endpoint = DockerEndpoint.unix(path: "/nonexistent/rclaude-test/docker.sock")

    @Test func createSendsTheSandboxConfiguration() async throws {
        let transport = ScriptedDockerTransport(responses: [.json(201, #"{"Id":"abc123","Warnings":[]}"#)])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let spec = DockerContainerSpec(
            image: "localhost/rclaude-sandbox:latest", command: ["sleep", "1"], workingDirectory: "/workspace",
            environment: ["A=1"], binds: ["/src:/workspace"], labels: ["rclaude.task": "0123"])
        let id = try await client.createContainer(spec, name: "rclaude-0123")
        #expect(id == "abc123")
        #expect(transport.lines == ["POST /v1.41/containers/create?name=rclaude-0123"])
        let request = try #require(transport.requests.first)
        #expect(request.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        let body = try jsonBody(request)
        #expect(body["Image"] as? String == "localhost/rclaude-sandbox:latest")
        #expect(body["Cmd"] as? [String] == ["sleep", "1"])
        #expect(body["WorkingDir"] as? String == "/workspace")
        #expect(body["Env"] as? [String] == ["A=1"])
        #expect(body["Labels"] as? [String: String] == ["rclaude.task": "0123"])
        let host = try #require(body["HostConfig"] as? [String: Any])
        #expect(host["NetworkMode"] as? String == "none")
        #expect(host["Binds"] as? [String] == ["/src:/workspace"])
        let ulimits = try #require(host["Ulimits"] as? [[String: Any]])
        #expect(ulimits.map { $0["Name"] as? String } == ["nofile", "nproc"])
        #expect(ulimits.allSatisfy { $0["Soft"] as? Int == 4096 && $0["Hard"] as? Int == 4096 })
    }

    @Test func missingImageSaysToImportOrPullIt() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(404, #"{"cause":"image not known","message":"no such image: localhost/x:1: image not known","response":404}"#)
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let error = await #expect(throws: CoreError.self) {
            try await client.createContainer(DockerContainerSpec(image: "localhost/x:1", command: [], workingDirectory: "/"), name: nil)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("import or pull localhost/x:1") == true)
        #expect(error?.message.contains("no such image") == true)
        #expect(error?.message.contains("RCLAUDE_DOCKER_IMAGE") == true)
    }

    @Test func requireImageChecksTheImage() async throws {
        let transport = ScriptedDockerTransport(responses: [.json(200, #"{"Id":"sha256:1"}"#), .json(404, #"{"message":"no such image"}"#)])
        let client = DockerEngineClient(endpoint: .tcp(host: "10.0.0.2", port: 2375), transport: transport)
        try await client.requireImage("localhost/rclaude-sandbox:latest")
        let error = await #expect(throws: CoreError.self) { try await client.requireImage("busybox") }
        #expect(error?.message.contains("import or pull busybox") == true)
        #expect(
            transport.requests.map(\.url) == [
                "http://10.0.0.2:2375/v1.41/images/localhost/rclaude-sandbox:latest/json",
                "http://10.0.0.2:2375/v1.41/images/busybox/json",
            ])
    }

    @Test func missingSocketSaysHowToStartTheService() async throws {
        let transport = ScriptedDockerTransport { _ in
            throw CoreError(code: .unavailable, message: "cannot connect: Couldn't connect to server")
        }
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let error = await #expect(throws: CoreError.self) { try await client.ping() }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("/nonexistent/rclaude-test/docker.sock does not exist") == true)
        #expect(error?.message.contains("start the Docker/Podman API service") == true)
        #expect(error?.message.contains("DOCKER_HOST=") == true)
        #expect(transport.lines == ["GET /_ping"])
    }

    @Test func unreachableTCPDaemonKeepsTheTransportDetail() async throws {
        let transport = ScriptedDockerTransport { _ in
            throw CoreError(code: .unavailable, message: "Connection refused")
        }
        let client = DockerEngineClient(endpoint: .tcp(host: "127.0.0.1", port: 1), transport: transport)
        let error = await #expect(throws: CoreError.self) { try await client.version() }
        #expect(error?.message.contains("cannot reach the Docker Engine API at tcp://127.0.0.1:1 (Connection refused)") == true)
    }

    @Test func inspectMapsStateAndMissingContainers() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(
                200,
                #"{"Id":"f00","Name":"/rclaude-1","State":{"Running":true,"Status":"running"},"Config":{"Image":"img"}}"#),
            .json(404, #"{"message":"no such container"}"#),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let state = try await client.inspectContainer("rclaude-1")
        #expect(state == DockerContainerState(id: "f00", name: "rclaude-1", running: true, status: "running", image: "img"))
        #expect(try await client.inspectContainer("gone") == nil)
    }

    @Test func daemonErrorsCarryTheirMessageAndAHint() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(500, #"{"message":"OCI permission denied: error setting rlimit type 7"}"#),
            .json(409, #"{"message":"container is paused"}"#),
            HTTPResponseData(status: 502, body: Array("bad gateway".utf8)),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let start = await #expect(throws: CoreError.self) { try await client.startContainer("c1") }
        #expect(start?.message.contains("starting container c1 (HTTP 500): OCI permission denied") == true)
        let exec = await #expect(throws: CoreError.self) {
            try await client.createExec(in: "c1", DockerExecSpec(command: ["true"], tty: false, attachStdin: false))
        }
        #expect(exec?.code == .conflict)
        let resize = await #expect(throws: CoreError.self) { try await client.resizeExec("e1", TerminalSize(rows: 1, cols: 2)) }
        #expect(resize?.message.contains("bad gateway") == true)
    }

    @Test func removeToleratesAGoneContainerAndForces() async throws {
        let transport = ScriptedDockerTransport(responses: [.json(404, #"{"message":"no such container"}"#), HTTPResponseData(status: 204)])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        try await client.removeContainer("gone")
        try await client.removeContainer("c2")
        #expect(transport.lines == ["DELETE /v1.41/containers/gone?force=true&v=true", "DELETE /v1.41/containers/c2?force=true&v=true"])
    }

    @Test func execCreateAndExitCode() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(201, #"{"Id":"e1"}"#),
            .json(200, #"{"Running":true,"ExitCode":0,"Pid":42}"#),
            .json(200, #"{"Running":false,"ExitCode":3,"Pid":42}"#),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let id = try await client.createExec(
            in: "c1", DockerExecSpec(command: ["sh", "-c", "exit 3"], environment: ["K=V"], workingDirectory: "/workspace", tty: true, attachStdin: true))
        #expect(id == "e1")
        let body = try jsonBody(transport.requests[0])
        #expect(body["Tty"] as? Bool == true)
        #expect(body["AttachStdin"] as? Bool == true)
        #expect(body["AttachStdout"] as? Bool == true)
        #expect(body["AttachStderr"] as? Bool == true)
        #expect(body["Cmd"] as? [String] == ["sh", "-c", "exit 3"])
        #expect(body["Env"] as? [String] == ["K=V"])
        #expect(body["WorkingDir"] as? String == "/workspace")
        // Still running for a moment after the stream ended: the wait polls.
        #expect(try await client.waitForExit("e1") == 3)
        #expect(transport.lines.suffix(2) == ["GET /v1.41/exec/e1/json", "GET /v1.41/exec/e1/json"])
    }

    @Test func archiveCallsEscapeThePathAndSendTar() async throws {
        let transport = ScriptedDockerTransport(responses: [
            HTTPResponseData(status: 200), HTTPResponseData(status: 200, body: [1, 2, 3]), .json(404, #"{"message":"no such file"}"#),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        try await client.putArchive([0, 0], in: "c1", at: "/work space")
        #expect(try await client.getArchive(from: "c1", at: "/workspace") == [1, 2, 3])
        let missing = await #expect(throws: CoreError.self) { try await client.getArchive(from: "c1", at: "/nope") }
        #expect(missing?.code == .notFound)
        #expect(
            transport.lines == [
                "PUT /v1.41/containers/c1/archive?path=/work%20space&noOverwriteDirNonDir=true",
                "GET /v1.41/containers/c1/archive?path=/workspace", "GET /v1.41/containers/c1/archive?path=/nope",
            ])
        #expect(transport.requests[0].headers.contains { $0.name == "Content-Type" && $0.value == "application/x-tar" })
        #expect(transport.requests[0].body == [0, 0])
    }

    @Test func versionDecodes() async throws {
        let transport = ScriptedDockerTransport(responses: [
            .json(200, #"{"Version":"4.3.1","ApiVersion":"1.41","MinAPIVersion":"1.24","Os":"linux"}"#),
            .json(200, "not json"),
        ])
        let client = DockerEngineClient(endpoint: endpoint, transport: transport)
        let version = try await client.version()
        #expect(version.version == "4.3.1")
        #expect(version.apiVersion == "1.41")
        let error = await #expect(throws: CoreError.self) { try await client.version() }
        #expect(error?.message.contains("could not be read") == true)
    }
}
