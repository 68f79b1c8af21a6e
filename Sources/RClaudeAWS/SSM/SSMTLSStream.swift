// TLS for `wss://` data channels: OpenSSL over the client's non-blocking socket, verifying the
// server's chain against the system's trust store (plus an optional CA file) and its name
// (or IP address) with SNI. Used only from the WebSocket client's I/O thread.

import COpenSSL
import Foundation
import RClaudeCore

/// A TLS client stream over a connected non-blocking socket.
final class SSMTLSStream: SSMByteStream {
    let fileDescriptor: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var closed = false

    private init(fileDescriptor: Int32, context: OpaquePointer, ssl: OpaquePointer) {
        self.fileDescriptor = fileDescriptor
        self.context = context
        self.ssl = ssl
    }

    /// Performs the TLS handshake on `fd` before `deadline`.
    ///
    /// - Parameters:
    ///   - fd: a connected non-blocking socket (closed by the caller on failure).
    ///   - host: the name (or address) the certificate must match.
    ///   - caFile: extra trusted authorities (PEM), or nil.
    ///   - deadline: the time limit.
    /// - Throws: `CoreError` `.unavailable` when OpenSSL cannot set up TLS, the handshake fails,
    ///   or the certificate does not verify; `.invalidInput` when `caFile` cannot be loaded.
    static func connect(fileDescriptor fd: Int32, host: String, caFile: String?, deadline: ContinuousClock.Instant)
        throws -> SSMTLSStream
    {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw CoreError(code: .unavailable, message: "cannot create a TLS context: \(lastError() ?? "libssl failed")")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        _ = SSL_CTX_set_default_verify_paths(context)
        if let caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
            SSL_CTX_free(context)
            throw CoreError(
                code: .invalidInput,
                message: "cannot load the CA file \(caFile): \(lastError() ?? "unreadable"); check the path")
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw CoreError(code: .unavailable, message: "cannot create a TLS session: \(lastError() ?? "libssl failed")")
        }
        let stream = SSMTLSStream(fileDescriptor: fd, context: context, ssl: ssl)
        _ = rclaude_ssl_set_mode(ssl, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        _ = SSL_set_fd(ssl, fd)
        if isIPAddress(host) {
            _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = rclaude_ssl_set_tlsext_host_name(ssl, host)
            _ = SSL_set1_host(ssl, host)
        }
        while true {
            let result = SSL_connect(ssl)
            if result == 1 { return stream }
            let events: Int16
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
            case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
            default:
                let verify = SSL_get_verify_result(ssl)
                let detail: String
                if verify != Int(X509_V_OK), let text = X509_verify_cert_error_string(verify) {
                    detail = "the server's certificate does not verify (\(String(cString: text)))"
                } else {
                    detail = lastError() ?? "the connection closed during the handshake"
                }
                stream.closeTLS()
                throw CoreError(
                    code: .unavailable,
                    message:
                        "TLS with the data channel host \(host) failed: \(detail); check the network, proxy and trust store"
                )
            }
            guard SSMSocket.wait(fd, events: events, until: deadline) else {
                stream.closeTLS()
                throw CoreError(code: .unavailable, message: "the TLS handshake with \(host) timed out")
            }
        }
    }

    var hasBufferedInput: Bool { !closed && SSL_pending(ssl) > 0 }

    func read(maximum: Int) throws -> SSMIOResult {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: maximum)) }
        if count > 0 { return .bytes(Array(buffer.prefix(Int(count)))) }
        return try outcome(of: count)
    }

    func write(_ bytes: ArraySlice<UInt8>) throws -> SSMIOResult {
        let count = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        if count > 0 { return .wrote(Int(count)) }
        return try outcome(of: count)
    }

    private func outcome(of result: Int32) throws -> SSMIOResult {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .endOfStream
        case SSL_ERROR_SYSCALL where errno == 0: return .endOfStream
        default:
            throw CoreError(
                code: .unavailable,
                message: "TLS failed on the data channel: \(Self.lastError() ?? String(cString: strerror(errno)))")
        }
    }

    func close() {
        guard !closed else { return }
        _ = SSL_shutdown(ssl)
        closeTLS()
        _ = Glibc.close(fileDescriptor)
    }

    /// Frees the TLS objects (not the socket).
    private func closeTLS() {
        guard !closed else { return }
        closed = true
        SSL_free(ssl)
        SSL_CTX_free(context)
        _ = Self.lastError()
    }

    /// The oldest queued OpenSSL error of this thread as text (and clears the queue), or nil.
    private static func lastError() -> String? {
        var first: String?
        while true {
            let code = ERR_get_error()
            guard code != 0 else { return first }
            if first == nil {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                first = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
