import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeServer
import RClaudeStore

/// `rclaude serve`: the REST + WebSocket host that runs tasks on this machine for remote clients.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve this machine's sandboxes over HTTP and WebSocket (the remote provider's host).",
        discussion: """
            Every route but /healthz needs 'Authorization: Bearer TOKEN'. On first start a token is \
            generated into the token file (mode 0600) and printed once; RCLAUDE_SERVE_TOKEN (at least 32 \
            characters) replaces the file, as in sandbox images started by the ecs provider. Tasks are kept in the data \
            directory; they keep running when the server stops (SIGTERM stops it gracefully). \
            The API is described in docs/openapi.yaml.
            """)

    @Option(help: "The address to listen on, HOST:PORT (port 0 picks a free one).") var listen = "127.0.0.1:7070"
    @Option(help: "The token file (default: DATA/serve-token).") var tokenFile: String?
    @Option(help: "A PEM certificate chain; serve HTTPS and WSS with --tls-key.") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
    @Option(help: "Where the server keeps its tasks (default: the data directory's 'serve' folder).") var data: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: pass both or neither")
        }
        _ = try Self.parseListen(listen)
    }

    static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen '\(text)' must be HOST:PORT, e.g. 127.0.0.1:7070 or 0.0.0.0:7070")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen '\(text)' has no host; use 127.0.0.1:\(port) or 0.0.0.0:\(port)") }
        return (host, port)
    }

    func run() async throws {
        let env = try LiveEnvironment.make()
        let (host, port) = try Self.parseListen(listen)
        let dataDirectory = URL(fileURLWithPath: data ?? (env.paths.dataDirectory + "/serve")).standardizedFileURL.path
        var environment = env.environment
        environment["RCLAUDE_HOME"] = dataDirectory
        let paths = StorePaths.resolve(environment: environment)
        try CLIError.wrap { try PosixFile.makeDirectory(dataDirectory) }
        let tokenPath = tokenFile ?? dataDirectory + "/serve-token"
        let token: (token: String, created: Bool)
        // A sandbox host (an ECS task) gets a one-time token in its environment instead of a file;
        // it is taken out of the environment so no agent sees it.
        if let given = environment.removeValue(forKey: "RCLAUDE_SERVE_TOKEN"), tokenFile == nil {
            guard given.count >= 32, given.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ValidationError("RCLAUDE_SERVE_TOKEN must be at least 32 letters, digits, '-' or '_'; unset it to use the token file")
            }
            token = (given, false)
        } else {
            let loaded = try CLIError.wrap { try ServerToken.loadOrCreate(tokenPath) }
            token = (loaded.token, loaded.created)
        }
        if token.created {
            StandardStreams.err("rclaude serve: new token (saved to \(tokenPath), shown only now): \(token.token)\n")
        }
        let configuration = ServerConfiguration(
            host: host, port: port, token: token.token,
            tls: tlsCert.flatMap { cert in tlsKey.map { ServerConfiguration.TLSFiles(certificatePath: cert, keyPath: $0) } },
            paths: paths, environment: environment, executablePath: env.executablePath)
        let scheme = configuration.tls == nil ? "http" : "https"
        let app = try CLIError.wrap {
            try buildApplication(configuration, version: RClaudeVersion.current) { boundPort in
                StandardStreams.out("rclaude serve listening on \(scheme)://\(host):\(boundPort) (data: \(dataDirectory))\n")
            }
        }
        try await app.runService()
    }
}
