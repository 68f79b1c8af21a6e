import CCurl
import Foundation
import RClaudeCore
import RClaudeHTTP
import Synchronization

/// One streaming exchange of `CurlStreamingTransport`: a thread runs libcurl's multi loop,
/// the header callback completes the head continuation once the final response head is in,
/// and the write callback yields each received chunk into the body stream.
///
/// `cancel()` may come from any thread: it marks the transfer cancelled and wakes the
/// thread's `curl_multi_poll`, which then stops; the write callback also refuses further
/// data, which makes libcurl abort at once. The multi handle is published under the lock
/// only while it is valid.
final class CurlStreamTransfer: Sendable {
    /// A response head.
    struct Head: Sendable {
        var status: Int
        var headers: [String: String]
    }

    private struct State {
        /// The multi handle's address while it is valid.
        var multi: UInt?
        var cancelled = false
        var head: CheckedContinuation<Head, any Error>?
        var headDelivered = false
        var status = 0
        var headers: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let request: HTTPRequestSpec
    private let options: CurlStreamingTransport
    private let body: AsyncThrowingStream<[UInt8], any Error>.Continuation

    private static let globalInit: Bool = rclaude_curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init(
        request: HTTPRequestSpec, options: CurlStreamingTransport,
        body: AsyncThrowingStream<[UInt8], any Error>.Continuation
    ) {
        self.request = request
        self.options = options
        self.body = body
    }

    /// Starts the transfer; `head` is completed once with the response head or the failure.
    func start(head: CheckedContinuation<Head, any Error>) {
        state.withLock { $0.head = head }
        let thread = Thread { [self] in run() }
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Aborts the transfer (idempotent).
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            if let address = state.multi, let multi = UnsafeMutableRawPointer(bitPattern: address) {
                rclaude_curl_multi_wakeup(multi)
            }
        }
    }

    // MARK: - The transfer thread

    private func run() {
        guard Self.globalInit, let easy = rclaude_curl_easy_init() else {
            finish(CoreError(code: .unavailable, message: CurlLibrary.startFailure))
            return
        }
        guard let multi = rclaude_curl_multi_init() else {
            rclaude_curl_easy_cleanup(easy)
            finish(CoreError(code: .unavailable, message: CurlLibrary.startFailure))
            return
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { headerList = rclaude_curl_slist_append(headerList, "\(header.name): \(header.value)") }
        headerList = rclaude_curl_slist_append(headerList, "Expect:")
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        // A NUL-terminated copy, so the pointer is never null even for an empty body.
        var postData = (request.body ?? []) + [0]
        let userdata = Unmanaged.passUnretained(self).toOpaque()

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
            postData.withUnsafeMutableBytes { postPointer in
                configure(easy, headers: headerList, errorBuffer: errorPointer.baseAddress, userdata: userdata)
                if request.body != nil {
                    rclaude_curl_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(postPointer.count - 1))
                    rclaude_curl_setopt_pointer(easy, CURLOPT_POSTFIELDS, postPointer.baseAddress)
                }
                rclaude_curl_multi_add_handle(multi, easy)
                let address = UInt(bitPattern: multi)
                let proceed = state.withLock { state -> Bool in
                    state.multi = address
                    return !state.cancelled
                }
                let code = proceed ? drive(multi) : CURLE_ABORTED_BY_CALLBACK
                state.withLock { $0.multi = nil }
                rclaude_curl_multi_remove_handle(multi, easy)
                return code
            }
        }
        if code == CURLE_OK {
            var status = 0
            rclaude_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            state.withLock { if $0.status == 0 { $0.status = status } }
        }
        rclaude_curl_easy_cleanup(easy)
        rclaude_curl_multi_cleanup(multi)
        rclaude_curl_slist_free_all(headerList)
        if code == CURLE_OK {
            finish(nil)
        } else {
            let text = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let detail = text.isEmpty ? String(cString: rclaude_curl_easy_strerror(code)) : text
            finish(
                CoreError(
                    code: .unavailable, message: Self.explain(code, detail: detail, url: request.url, options: options))
            )
        }
    }

    private func configure(
        _ easy: UnsafeMutableRawPointer, headers: UnsafeMutablePointer<curl_slist>?,
        errorBuffer: UnsafeMutablePointer<CChar>?,
        userdata: UnsafeMutableRawPointer
    ) {
        rclaude_curl_setopt_string(easy, CURLOPT_URL, request.url)
        rclaude_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
        rclaude_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        rclaude_curl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        rclaude_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        rclaude_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout))
        rclaude_curl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1)
        rclaude_curl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Self.milliseconds(options.stallTimeout) / 1000))
        rclaude_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        rclaude_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headers)
        if let caFile = options.caFile { rclaude_curl_setopt_string(easy, CURLOPT_CAINFO, caFile) }
        rclaude_curl_setopt_write(easy) { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<CurlStreamTransfer>.fromOpaque(user).takeUnretainedValue()
            return transfer.received(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        rclaude_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata)
        rclaude_curl_setopt_header(easy) { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<CurlStreamTransfer>.fromOpaque(user).takeUnretainedValue()
            transfer.headerLine(
                String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
            return size * count
        }
        rclaude_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata)
    }

    /// Runs the multi loop until the transfer completes or is cancelled.
    private func drive(_ multi: UnsafeMutableRawPointer) -> CURLcode {
        var running: Int32 = 1
        while true {
            guard rclaude_curl_multi_perform(multi, &running) == CURLM_OK else { return CURLE_RECV_ERROR }
            if running == 0 { break }
            if state.withLock({ $0.cancelled }) { return CURLE_ABORTED_BY_CALLBACK }
            guard rclaude_curl_multi_poll(multi, nil, 0, 1000, nil) == CURLM_OK else { return CURLE_RECV_ERROR }
            if state.withLock({ $0.cancelled }) { return CURLE_ABORTED_BY_CALLBACK }
        }
        var queued: Int32 = 0
        while let message = rclaude_curl_multi_info_read(multi, &queued) {
            if message.pointee.msg == CURLMSG_DONE { return message.pointee.data.result }
        }
        return CURLE_OK
    }

    // MARK: - Callbacks (on the transfer thread)

    private func received(_ bytes: UnsafeRawBufferPointer) -> Int {
        if state.withLock({ $0.cancelled }) { return 0 }
        deliverHead()
        if !bytes.isEmpty { body.yield(Array(bytes)) }
        return bytes.count
    }

    private func headerLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            let status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            state.withLock { state in
                state.status = status
                state.headers = [:]
            }
        } else if trimmed.isEmpty {
            // The end of a head; 1xx heads are followed by the real one.
            if state.withLock({ $0.status >= 200 }) { deliverHead() }
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            state.withLock { $0.headers[name] = value }
        }
    }

    /// Completes the head continuation with the head received so far (once).
    private func deliverHead() {
        let pending = state.withLock { state -> (CheckedContinuation<Head, any Error>, Head)? in
            guard !state.headDelivered, let head = state.head else { return nil }
            state.headDelivered = true
            state.head = nil
            return (head, Head(status: state.status, headers: state.headers))
        }
        if let (continuation, head) = pending { continuation.resume(returning: head) }
    }

    /// Ends the exchange: completes the head if it is still pending and finishes the body.
    private func finish(_ error: CoreError?) {
        let (cancelled, pending, head) = state.withLock { state in
            let pending = state.headDelivered ? nil : state.head
            state.headDelivered = true
            state.head = nil
            return (state.cancelled, pending, Head(status: state.status, headers: state.headers))
        }
        if cancelled && error != nil {
            pending?.resume(throwing: CancellationError())
            body.finish(throwing: CancellationError())
        } else if let error {
            pending?.resume(throwing: error)
            body.finish(throwing: error)
        } else {
            pending?.resume(returning: head)
            body.finish()
        }
    }

    // MARK: - Helpers

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func explain(_ code: CURLcode, detail: String, url: String, options: CurlStreamingTransport)
        -> String
    {
        switch code {
        case CURLE_COULDNT_CONNECT:
            "cannot connect to \(url): \(detail); check that the sandbox is running and, for a self-hosted E2B, E2B_DOMAIN or E2B_SANDBOX_URL"
        case CURLE_COULDNT_RESOLVE_HOST:
            "cannot resolve the host of \(url): \(detail); check E2B_DOMAIN and the network"
        case CURLE_OPERATION_TIMEDOUT:
            "\(url) sent nothing for \(options.stallTimeout) (\(detail)); the sandbox or the connection to it is gone"
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            "the connection to \(url) closed mid-stream: \(detail)"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
            "TLS with \(url) failed: \(detail); check the system's CA certificates"
        default:
            "streaming request to \(url) failed: \(detail)"
        }
    }
}
