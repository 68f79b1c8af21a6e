// AWS Signature Version 4 (header form), as botocore's `SigV4Auth` computes it:
//
//   canonical request = METHOD \n URI \n QUERY \n HEADERS \n \n SIGNED-HEADERS \n hex(SHA256(body))
//   string to sign    = AWS4-HMAC-SHA256 \n AMZ-DATE \n DATE/REGION/SERVICE/aws4_request \n hex(SHA256(creq))
//   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, DATE), REGION), SERVICE), "aws4_request")
//   Authorization     = AWS4-HMAC-SHA256 Credential=KEY/SCOPE, SignedHeaders=…, Signature=hex(HMAC(key, sts))
//
// Every header present is signed except those proxies and clients rewrite (`user-agent`,
// `expect`, `transfer-encoding`, `x-amzn-trace-id`, `authorization`). `host` and `x-amz-date`
// are added when missing, and `x-amz-security-token` for temporary credentials.

import Foundation
import RClaudeHTTP

/// Signs HTTP requests with AWS Signature Version 4.
public struct AWSSigV4Signer: Sendable {
    /// The credentials signed with.
    public var credentials: AWSCredentials
    /// The region of the credential scope (`us-east-1`).
    public var region: String
    /// The service's signing name (`ecs`, `iam`).
    public var service: String

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The intermediate values and result of signing one request.
    public struct Signature: Sendable, Equatable, CustomStringConvertible {
        /// The canonical request.
        public var canonicalRequest: String
        /// The string to sign.
        public var stringToSign: String
        /// The signed header names, `;`-joined.
        public var signedHeaders: String
        /// The hex signature.
        public var signature: String
        /// The `Authorization` header value.
        public var authorization: String
        /// The request time, `YYYYMMDD'T'HHMMSS'Z'`.
        public var amzDate: String

        public var description: String { "SigV4 signature over \(signedHeaders) at \(amzDate)" }
    }

    /// Headers never signed: clients and proxies may change them.
    static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "expect", "transfer-encoding", "x-amzn-trace-id",
    ]

    // MARK: - Signing

    /// `request` with `Host` (when missing), `X-Amz-Date`, `X-Amz-Security-Token` (temporary
    /// credentials) and `Authorization` set.
    ///
    /// - Parameters:
    ///   - request: the request; an existing `Authorization` is replaced.
    ///   - date: the signing time (the clock's now).
    public func sign(_ request: HTTPRequestSpec, at date: Date) -> HTTPRequestSpec {
        var prepared = prepare(request, at: date)
        let signature = computeSignature(prepared, amzDate: Self.amzDate(date))
        prepared.headers.append((name: "Authorization", value: signature.authorization))
        return prepared
    }

    /// The signature of `request` (with the headers `sign` adds), and every intermediate value.
    public func signature(for request: HTTPRequestSpec, at date: Date) -> Signature {
        computeSignature(prepare(request, at: date), amzDate: Self.amzDate(date))
    }

    /// The SigV4 signing key for `dateStamp` (`YYYYMMDD`).
    public func signingKey(dateStamp: String) -> [UInt8] {
        let kDate = AWSCrypto.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), Array(dateStamp.utf8))
        let kRegion = AWSCrypto.hmacSHA256(key: kDate, Array(region.utf8))
        let kService = AWSCrypto.hmacSHA256(key: kRegion, Array(service.utf8))
        return AWSCrypto.hmacSHA256(key: kService, Array("aws4_request".utf8))
    }

    // MARK: - Steps

    private func prepare(_ request: HTTPRequestSpec, at date: Date) -> HTTPRequestSpec {
        var prepared = request
        let replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        prepared.headers.removeAll { replaced.contains($0.name.lowercased()) }
        if !prepared.headers.contains(where: { $0.name.lowercased() == "host" }),
            let host = Self.hostHeader(request.url)
        {
            prepared.headers.append((name: "Host", value: host))
        }
        prepared.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        if let token = credentials.sessionToken {
            prepared.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        return prepared
    }

    private func computeSignature(_ request: HTTPRequestSpec, amzDate: String) -> Signature {
        let (headerBlock, signedHeaders) = Self.canonicalHeaders(request.headers)
        let (path, query) = Self.canonicalPathAndQuery(request.url)
        let payloadHash = AWSCrypto.hex(AWSCrypto.sha256(request.body ?? []))
        let canonicalRequest = [request.method.uppercased(), path, query, headerBlock, signedHeaders, payloadHash]
            .joined(separator: "\n")
        let dateStamp = String(amzDate.prefix(8))
        let scope = "\(dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, AWSCrypto.hex(AWSCrypto.sha256(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = AWSCrypto.hex(
            AWSCrypto.hmacSHA256(key: signingKey(dateStamp: dateStamp), Array(stringToSign.utf8)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signedHeaders: signedHeaders,
            signature: signature,
            authorization: authorization, amzDate: amzDate)
    }

    /// The canonical header block (each `name:value\n`) and the signed header list.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signed: String) {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased().trimmingCharacters(in: .whitespaces)
            guard !unsignedHeaders.contains(name) else { continue }
            values[name, default: []].append(normalizeValue(header.value))
        }
        let names = values.keys.sorted()
        let block = names.map { "\($0):\(values[$0]?.joined(separator: ",") ?? "")\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims a header value and collapses inner runs of spaces to one.
    static func normalizeValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The canonical URI and canonical query string of `url`.
    static func canonicalPathAndQuery(_ url: String) -> (path: String, query: String) {
        guard let components = URLComponents(string: url) else { return ("/", "") }
        let rawPath = components.percentEncodedPath
        let path: String
        if rawPath.isEmpty {
            path = "/"
        } else {
            path = rawPath.split(separator: "/", omittingEmptySubsequences: false)
                .map { uriEncode(String($0).removingPercentEncoding ?? String($0)) }
                .joined(separator: "/")
        }
        guard let rawQuery = components.percentEncodedQuery, !rawQuery.isEmpty else { return (path, "") }
        let pairs = rawQuery.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (uriEncode(key), uriEncode(value))
        }
        let query = pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(
            separator: "&")
        return (path, query)
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` as `%XX` (upper-case hex).
    static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The `Host` header for `url`: the host, plus `:port` when it is not the scheme's default.
    static func hostHeader(_ url: String) -> String? {
        guard let components = URLComponents(string: url), var host = components.host, !host.isEmpty else { return nil }
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = components.port else { return host }
        let scheme = components.scheme?.lowercased()
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return host }
        return "\(host):\(port)"
    }

    /// `date` as `YYYYMMDD'T'HHMMSS'Z'` (UTC).
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String { String(value ?? 0).leftPadded(to: width) }
        return
            "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))T\(pad(c.hour, 2))\(pad(c.minute, 2))\(pad(c.second, 2))Z"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
