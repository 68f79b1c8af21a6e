import CCurl
import Foundation
import RClaudeCore

/// `HTTPTransport` over libcurl's easy interface, one handle per request, run off the
/// cooperative pool (curl blocks).
public struct CurlHTTPTransport: HTTPTransport {
    /// A PEM bundle of certificate authorities to trust (for a server's self-signed certificate).
    public var caFile: String?
    /// How long connecting may take.
    public var connectTimeout: Duration
    /// A unix socket to connect to instead of the URL's host (the Docker Engine API's socket).
    public var unixSocketPath: String?

    /// Creates a transport.
    public init(caFile: String? = nil, connectTimeout: Duration = .seconds(5), unixSocketPath: String? = nil) {
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.unixSocketPath = unixSocketPath
    }

    private static let globalInit: Bool = rclaude_curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let transport = self
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try transport.perform(request) })
            }
        }
    }

    /// Collects what curl hands the callbacks.
    private final class Sink {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
    }

    private func perform(_ request: HTTPRequestSpec) throws -> HTTPResponseData {
        guard Self.globalInit, let handle = rclaude_curl_easy_init() else {
            throw CoreError(code: .unavailable, message: CurlLibrary.startFailure)
        }
        defer { rclaude_curl_easy_cleanup(handle) }
        let sink = Sink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { rclaude_curl_slist_free_all(headerList) }
        for header in request.headers { headerList = rclaude_curl_slist_append(headerList, "\(header.name): \(header.value)") }
        if request.body != nil { headerList = rclaude_curl_slist_append(headerList, "Expect:") }

        let code: CURLcode = withExtendedLifetime(sink) {
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                rclaude_curl_setopt_string(handle, CURLOPT_URL, request.url)
                rclaude_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
                rclaude_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
                rclaude_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout))
                rclaude_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
                rclaude_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
                rclaude_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
                if let caFile { rclaude_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
                if let unixSocketPath { rclaude_curl_setopt_string(handle, CURLOPT_UNIX_SOCKET_PATH, unixSocketPath) }
                rclaude_curl_setopt_write(handle) { data, size, count, user in
                    guard let data, let user else { return 0 }
                    let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                    sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
                    return size * count
                }
                rclaude_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
                rclaude_curl_setopt_header(handle) { data, size, count, user in
                    guard let data, let user else { return 0 }
                    let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                    if let colon = line.firstIndex(of: ":") {
                        let name = line[..<colon].lowercased()
                        sink.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                    return size * count
                }
                rclaude_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
                if let body = request.body {
                    return body.withUnsafeBufferPointer { bodyPointer in
                        rclaude_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                        rclaude_curl_setopt_pointer(
                            handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyPointer.baseAddress) ?? UnsafeMutableRawPointer(mutating: "")
                        )
                        return rclaude_curl_easy_perform(handle)
                    }
                }
                return rclaude_curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer).isEmpty ? String(cString: rclaude_curl_easy_strerror(code)) : String(cString: errorBuffer)
            throw CoreError(code: .unavailable, message: Self.explain(code, detail: detail, url: request.url))
        }
        var status = 0
        rclaude_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponseData(status: status, headers: sink.headers, body: sink.body)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func explain(_ code: CURLcode, detail: String, url: String) -> String {
        switch code {
        case CURLE_COULDNT_CONNECT:
            "cannot connect to \(url): \(detail); check that 'rclaude serve' runs there and the address is right"
        case CURLE_COULDNT_RESOLVE_HOST:
            "cannot resolve the host of \(url): \(detail); check the remote's URL ('rclaude remote ls')"
        case CURLE_OPERATION_TIMEDOUT:
            "\(url) did not answer in time: \(detail)"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
            "TLS with \(url) failed: \(detail); for a self-signed server certificate add the remote with --ca-file"
        default:
            "request to \(url) failed: \(detail)"
        }
    }
}
