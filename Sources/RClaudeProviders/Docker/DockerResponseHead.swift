import RClaudeCore

/// The status line and headers of an HTTP/1.1 response read from a raw socket (the answer to
/// a hijacking `POST /exec/{id}/start`: `101 UPGRADED`, then the stream).
public struct DockerResponseHead: Sendable, Equatable {
    /// The largest head accepted.
    public static let maxSize = 64 * 1024

    /// The status code.
    public var status: Int
    /// The reason phrase (`UPGRADED`).
    public var reason: String
    /// Headers, names lowercased (the last value wins).
    public var headers: [String: String]

    /// Parses a head from the start of `bytes`.
    ///
    /// - Returns: the head and the index where the body (or the hijacked stream) starts, or nil
    ///   when `bytes` does not yet hold the whole head.
    /// - Throws: `CoreError` `.unavailable` when the bytes are not an HTTP response head, or it
    ///   grows past `maxSize`.
    public static func parse(_ bytes: [UInt8]) throws -> (head: DockerResponseHead, bodyStart: Int)? {
        guard let end = headEnd(bytes) else {
            if bytes.count > maxSize { throw malformed("no end of the response head in \(maxSize) bytes") }
            if bytes.count >= 5, !bytes.starts(with: Array("HTTP/".utf8)) { throw malformed("it does not start with HTTP/") }
            return nil
        }
        let text = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw malformed("bad status line '\(statusLine.prefix(80))'")
        }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("bad header line '\(line.prefix(80))'") }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmed
        }
        let head = DockerResponseHead(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers)
        return (head, end + 4)
    }

    /// Decodes a `Transfer-Encoding: chunked` body (as much of it as is complete).
    public static func dechunk(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < body.count {
            guard let lineEnd = find([13, 10], in: body, from: index) else { break }
            let sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmed, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            let end = min(start + size, body.count)
            out += body[start..<end]
            index = end + 2
        }
        return out
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? { find([13, 10, 13, 10], in: bytes, from: 0) }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func malformed(_ detail: String) -> CoreError {
        CoreError(
            code: .unavailable,
            message: "the Docker daemon's answer to an exec start is not HTTP (\(detail)); is DOCKER_HOST a Docker Engine API?")
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
