import RClaudeCore

// The Docker Engine API multiplexes a non-TTY exec's stdout and stderr on one connection:
// each frame is an 8-byte header `[stream, 0, 0, 0, size (UInt32, big-endian)]` followed by
// `size` payload bytes. Stream 1 is stdout, 2 stderr, 3 an error from the daemon itself
// (0, stdin, is never sent by a daemon but is accepted). With a TTY there is no framing.
//
// The demuxer is pure: feed it bytes as the socket delivers them, cut anywhere, and it returns
// payload pieces as soon as they arrive. A frame's payload is never buffered whole, so a huge
// frame costs no more memory than the chunks it arrives in.

/// A piece of one frame's payload.
public struct DockerStreamChunk: Sendable, Equatable {
    /// The stream a frame belongs to.
    public enum Stream: UInt8, Sendable {
        /// Standard input (echoed; a daemon does not normally send it).
        case stdin = 0
        /// Standard output.
        case stdout = 1
        /// Standard error.
        case stderr = 2
        /// An error from the daemon, not the process (Docker's `systemerr`).
        case systemError = 3
    }

    /// Which stream.
    public var stream: Stream
    /// The bytes (part or all of a frame's payload; never empty).
    public var bytes: [UInt8]

    /// Creates a chunk.
    public init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// Splits the Docker multiplexed stream into per-stream payload chunks.
public struct DockerStreamDemuxer: Sendable {
    /// The header size in bytes.
    public static let headerSize = 8

    private var header: [UInt8] = []
    private var current: DockerStreamChunk.Stream?
    private var remaining = 0
    private var consumed = 0

    /// Creates a demuxer at the start of a stream.
    public init() {}

    /// Whether the input so far ended exactly on a frame boundary.
    public var isAtFrameBoundary: Bool { header.isEmpty && remaining == 0 }

    /// Consumes `bytes` and returns the payload pieces they complete, in order. Adjacent pieces of
    /// the same stream are merged.
    ///
    /// - Throws: `CoreError` `.unavailable` when a header is not a Docker frame header (the
    ///   connection is not multiplexed: the exec probably has a TTY, or the peer is not a daemon).
    public mutating func feed(_ bytes: [UInt8]) throws -> [DockerStreamChunk] {
        var chunks: [DockerStreamChunk] = []
        var index = 0
        while index < bytes.count {
            if remaining > 0, let stream = current {
                let take = min(remaining, bytes.count - index)
                append(stream, bytes[index..<index + take], to: &chunks)
                index += take
                remaining -= take
                consumed += take
                continue
            }
            let take = min(Self.headerSize - header.count, bytes.count - index)
            header.append(contentsOf: bytes[index..<index + take])
            index += take
            consumed += take
            guard header.count == Self.headerSize else { break }
            guard let stream = DockerStreamChunk.Stream(rawValue: header[0]), header[1] == 0, header[2] == 0, header[3] == 0
            else {
                let shown = header.map { String($0, radix: 16) }.joined(separator: " ")
                throw CoreError(
                    code: .unavailable,
                    message:
                        "the Docker exec stream has a malformed frame header [\(shown)] at byte \(consumed - Self.headerSize); "
                        + "the daemon sent unframed output (a TTY exec read as multiplexed?)")
            }
            remaining = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
            current = stream
            header.removeAll(keepingCapacity: true)
        }
        return chunks
    }

    /// Checks that the stream ended on a frame boundary.
    ///
    /// - Throws: `CoreError` `.unavailable` when the connection closed inside a header or a payload.
    public func finish() throws {
        if !header.isEmpty {
            throw CoreError(
                code: .unavailable,
                message: "the Docker exec stream ended inside a frame header (\(header.count) of 8 bytes); the connection was cut")
        }
        if remaining > 0 {
            throw CoreError(
                code: .unavailable,
                message: "the Docker exec stream ended \(remaining) bytes short of a frame's end; the connection was cut")
        }
    }

    private func append(_ stream: DockerStreamChunk.Stream, _ bytes: ArraySlice<UInt8>, to chunks: inout [DockerStreamChunk]) {
        guard !bytes.isEmpty else { return }
        if let last = chunks.indices.last, chunks[last].stream == stream {
            chunks[last].bytes.append(contentsOf: bytes)
        } else {
            chunks.append(DockerStreamChunk(stream: stream, bytes: Array(bytes)))
        }
    }
}
