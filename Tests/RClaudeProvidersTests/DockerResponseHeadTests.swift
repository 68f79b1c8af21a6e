import RClaudeCore
import RClaudeProviders
import Testing

@Suite struct DockerResponseHeadTests {
    let upgraded = Array(
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8)

    @Test func parsesTheUpgradeAndKeepsTheStreamBytes() throws {
        let bytes = upgraded + dockerFrame(1, "hi")
        let (head, start) = try #require(try DockerResponseHead.parse(bytes))
        #expect(head.status == 101)
        #expect(head.reason == "UPGRADED")
        #expect(head.headers["content-type"] == "application/vnd.docker.raw-stream")
        #expect(head.headers["upgrade"] == "tcp")
        #expect(Array(bytes[start...]) == dockerFrame(1, "hi"))
    }

    @Test func incompleteHeadAtEveryCutWaitsForMore() throws {
        for cut in 0..<upgraded.count {
            #expect(try DockerResponseHead.parse(Array(upgraded[..<cut])) == nil, "cut at \(cut)")
        }
    }

    @Test func notHTTPIsAnError() {
        #expect(throws: CoreError.self) { try DockerResponseHead.parse(Array("SSH-2.0-OpenSSH\r\n".utf8)) }
        #expect(throws: CoreError.self) { try DockerResponseHead.parse(Array("HTTP/1.1 abc\r\n\r\n".utf8)) }
        #expect(throws: CoreError.self) { try DockerResponseHead.parse(Array("HTTP/".utf8) + [UInt8](repeating: 65, count: 70_000)) }
    }

    @Test func dechunksAnErrorBody() {
        let body = Array("7\r\n{\"messa\r\n13\r\nge\":\"no such exec\"}\r\n0\r\n\r\n".utf8)
        #expect(String(decoding: DockerResponseHead.dechunk(body), as: UTF8.self) == #"{"message":"no such exec"}"#)
    }
}
