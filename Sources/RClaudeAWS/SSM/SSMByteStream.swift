// The byte pipe under the WebSocket client: a non-blocking TCP socket, optionally wrapped in
// TLS. Only the client's I/O thread touches a stream after it connects.

import Foundation

/// What a non-blocking read or write did.
enum SSMIOResult: Equatable {
    /// Bytes moved (reads: the bytes; writes: the count).
    case bytes([UInt8])
    /// This many bytes were written.
    case wrote(Int)
    /// Nothing now: wait until the descriptor is readable.
    case wantRead
    /// Nothing now: wait until the descriptor is writable.
    case wantWrite
    /// The peer closed the connection.
    case endOfStream
}

/// A connected, non-blocking byte stream.
protocol SSMByteStream: AnyObject {
    /// The socket, for `poll`.
    var fileDescriptor: Int32 { get }
    /// Reads what is available (at most `maximum` bytes).
    func read(maximum: Int) throws -> SSMIOResult
    /// Writes a prefix of `bytes`.
    func write(_ bytes: ArraySlice<UInt8>) throws -> SSMIOResult
    /// Whether decrypted bytes wait inside the stream (TLS), so a read succeeds without the
    /// socket being readable.
    var hasBufferedInput: Bool { get }
    /// Releases the stream and closes the socket.
    func close()
}

/// A plain TCP stream.
final class SSMPlainStream: SSMByteStream {
    let fileDescriptor: Int32
    private var closed = false

    /// Wraps connected non-blocking socket `fd`.
    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    var hasBufferedInput: Bool { false }

    func read(maximum: Int) throws -> SSMIOResult {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, maximum, 0) }
        if count > 0 { return .bytes(Array(buffer.prefix(count))) }
        if count == 0 { return .endOfStream }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantRead }
        throw SSMSocket.error("reading from the data channel socket failed")
    }

    func write(_ bytes: ArraySlice<UInt8>) throws -> SSMIOResult {
        let count = bytes.withUnsafeBytes { send(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count >= 0 { return .wrote(count) }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantWrite }
        throw SSMSocket.error("writing to the data channel socket failed")
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fileDescriptor)
    }
}
