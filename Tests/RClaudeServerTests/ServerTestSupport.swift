import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RClaudeCore
import RClaudeServer
import RClaudeStore
import RClaudeTestSupport

/// A server configuration over a fresh temporary data directory.
struct ServerFixture {
    static let token = "test-token-0123456789abcdef"
    let directory: TemporaryDirectory
    let configuration: ServerConfiguration

    init(limits: ServerLimits = ServerLimits()) throws {
        directory = try TemporaryDirectory(prefix: "rclaude-serve")
        var environment = ProcessInfo.processInfo.environment
        environment["RCLAUDE_HOME"] = directory.appending("data")
        environment["HOME"] = directory.path
        let paths = StorePaths.resolve(environment: environment)
        configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, token: Self.token, paths: paths, environment: environment,
            executablePath: Fixtures.rclaudeExecutable, limits: limits)
    }

    func application() throws -> some ApplicationProtocol {
        try buildApplication(configuration, version: "test")
    }

    var auth: HTTPFields { [.authorization: "Bearer \(Self.token)"] }

    var jsonAuth: HTTPFields { [.authorization: "Bearer \(Self.token)", .contentType: "application/json"] }

    func remove() { directory.remove() }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    /// A buffer holding `text`.
    static func text(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
