import RClaudeCore
import RClaudeProviders
import Testing

@Suite struct DockerEndpointTests {
    @Test func parsesDockerHostForms() throws {
        #expect(try DockerEndpoint.parse("unix:///run/podman/podman.sock") == .unix(path: "/run/podman/podman.sock"))
        #expect(try DockerEndpoint.parse("tcp://10.1.2.3:2376") == .tcp(host: "10.1.2.3", port: 2376))
        #expect(try DockerEndpoint.parse("tcp://docker.example") == .tcp(host: "docker.example", port: 2375))
        #expect(try DockerEndpoint.parse("tcp://[::1]:2375") == .tcp(host: "::1", port: 2375))
        #expect(try DockerEndpoint.parse("tcp://host:2375/") == .tcp(host: "host", port: 2375))
    }

    @Test func defaultsToTheStandardSocket() throws {
        #expect(try DockerEndpoint.fromEnvironment([:]) == .unix(path: "/var/run/docker.sock"))
        #expect(try DockerEndpoint.fromEnvironment(["DOCKER_HOST": ""]) == .unix(path: "/var/run/docker.sock"))
        #expect(try DockerEndpoint.fromEnvironment(["DOCKER_HOST": "unix:///tmp/d.sock"]) == .unix(path: "/tmp/d.sock"))
    }

    @Test func rejectsWhatItCannotUse() {
        for bad in ["ssh://me@host", "unix://relative.sock", "tcp://:2375", "tcp://host:99999", "/var/run/docker.sock"] {
            let error = #expect(throws: CoreError.self) { try DockerEndpoint.parse(bad) }
            #expect(error?.message.contains("unix:///path/to/docker.sock or tcp://host:port") == true, "\(bad)")
        }
    }

    @Test func baseURLs() {
        #expect(DockerEndpoint.unix(path: "/s").baseURL == "http://docker")
        #expect(DockerEndpoint.tcp(host: "h", port: 1).baseURL == "http://h:1")
        #expect(DockerEndpoint.tcp(host: "::1", port: 2).baseURL == "http://[::1]:2")
        #expect(DockerEndpoint.unix(path: "/s").description == "unix:///s")
    }
}
