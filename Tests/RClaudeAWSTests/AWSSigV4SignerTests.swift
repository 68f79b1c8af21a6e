import Foundation
import RClaudeHTTP
import Testing

@testable import RClaudeAWS

/// SigV4 against the AWS test-suite vectors in `Fixtures/aws-sigv4` (byte-for-byte), and the
/// headers `sign` adds.
@Suite struct AWSSigV4SignerTests {
    static let vectors = [
        "get-vanilla", "get-vanilla-with-session-token", "post-vanilla", "post-x-www-form-urlencoded",
    ]
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z

    static func signer(sessionToken: String? = nil) -> AWSSigV4Signer {
        AWSSigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: sessionToken),
            region: "us-east-1", service: "service")
    }

    /// Parses a `.req` file: request line, `Name:value` headers, blank line, body.
    static func request(_ text: String) throws -> HTTPRequestSpec {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        let method = String(requestLine[0])
        let path = String(requestLine[1])
        var headers: [(name: String, value: String)] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            let colon = try #require(line.firstIndex(of: ":"))
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        if !lines.isEmpty { lines.removeFirst() }
        let body = lines.joined(separator: "\n")
        let host = try #require(headers.first { $0.name.lowercased() == "host" }?.value)
        return HTTPRequestSpec(
            method: method, url: "https://\(host)\(path)", headers: headers, body: body.isEmpty ? nil : Array(body.utf8)
        )
    }

    @Test(
        "every test-suite vector: canonical request, string to sign and Authorization byte-for-byte", arguments: vectors
    )
    func vector(_ name: String) throws {
        let request = try Self.request(try Fixtures.text("aws-sigv4/\(name)/\(name).req"))
        let token =
            name.contains("session-token") ? "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267" : nil
        let signature = Self.signer(sessionToken: token).signature(for: request, at: Self.suiteDate)
        #expect(signature.canonicalRequest == (try Fixtures.text("aws-sigv4/\(name)/\(name).creq")))
        #expect(signature.stringToSign == (try Fixtures.text("aws-sigv4/\(name)/\(name).sts")))
        #expect(signature.authorization == (try Fixtures.text("aws-sigv4/\(name)/\(name).authz")))
    }

    @Test("the fixture folder holds exactly the vectors tested, with the suite's licence")
    func vectorsAreAllCovered() throws {
        let entries = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory + "/aws-sigv4")
        #expect(Set(entries) == Set(Self.vectors + ["LICENSE", "NOTICE"]))
    }

    @Test("sign adds Host, X-Amz-Date, X-Amz-Security-Token and Authorization, matching the vector")
    func signAddsHeaders() throws {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        let bare = HTTPRequestSpec(method: "GET", url: "https://example.amazonaws.com/")
        let signed = Self.signer(sessionToken: token).sign(bare, at: Self.suiteDate)
        #expect(header(signed, "Host") == "example.amazonaws.com")
        #expect(header(signed, "X-Amz-Date") == "20150830T123600Z")
        #expect(header(signed, "X-Amz-Security-Token") == token)
        #expect(
            header(signed, "Authorization")
                == (try Fixtures.text("aws-sigv4/get-vanilla-with-session-token/get-vanilla-with-session-token.authz")))
    }

    @Test("re-signing replaces the old Authorization and date instead of adding more")
    func resignReplaces() {
        let signer = Self.signer()
        let once = signer.sign(
            HTTPRequestSpec(method: "POST", url: "https://example.amazonaws.com/"), at: Self.suiteDate)
        let twice = signer.sign(once, at: Self.suiteDate.addingTimeInterval(60))
        #expect(twice.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(twice.headers.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value) == ["20150830T123700Z"])
    }

    @Test("the Host header carries a non-default port, and none for 443/80")
    func hostHeader() {
        #expect(AWSSigV4Signer.hostHeader("http://127.0.0.1:5055/") == "127.0.0.1:5055")
        #expect(AWSSigV4Signer.hostHeader("https://ecs.us-east-1.amazonaws.com:443/") == "ecs.us-east-1.amazonaws.com")
        #expect(AWSSigV4Signer.hostHeader("http://localhost/") == "localhost")
    }

    @Test("query strings are sorted and RFC 3986 encoded; header values trimmed and collapsed")
    func canonicalPieces() {
        let (path, query) = AWSSigV4Signer.canonicalPathAndQuery("https://h/a%20b/c?b=2&a=x%2Fy&a=1&c")
        #expect(path == "/a%20b/c")
        #expect(query == "a=1&a=x%2Fy&b=2&c=")
        #expect(AWSSigV4Signer.normalizeValue("  a   b \t c ") == "a b c")
        let (block, signed) = AWSSigV4Signer.canonicalHeaders([
            ("User-Agent", "x"), ("X-B", " 1 "), ("x-b", "2"), ("Host", "h"),
        ])
        #expect(block == "host:h\nx-b:1,2\n")
        #expect(signed == "host;x-b")
    }

    @Test("amz dates are UTC, zero-padded")
    func amzDate() {
        #expect(AWSSigV4Signer.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(AWSSigV4Signer.amzDate(Self.suiteDate) == "20150830T123600Z")
    }

    @Test("SHA-256 and HMAC-SHA256 match known answers")
    func crypto() {
        #expect(
            AWSCrypto.hex(AWSCrypto.sha256(Array("".utf8)))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test case 2.
        #expect(
            AWSCrypto.hex(AWSCrypto.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("one-time tokens are 64 hex characters and differ")
    func tokens() throws {
        let a = try AWSCrypto.oneTimeToken()
        let b = try AWSCrypto.oneTimeToken()
        #expect(a.count == 64 && a.allSatisfy { $0.isHexDigit } && a != b)
    }
}
