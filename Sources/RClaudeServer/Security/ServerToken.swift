import COpenSSL
import Foundation
import RClaudeCore
import RClaudeStore

/// The server's bearer token: read from a file the owner alone can read, or generated on
/// first start into a new 0600 file.
public enum ServerToken {
    /// What `loadOrCreate` found.
    public struct Loaded: Sendable, Equatable {
        /// The token.
        public var token: String
        /// Whether it was generated just now (so it should be printed once).
        public var created: Bool
    }

    /// A fresh token: 32 random bytes from libcrypto, hex-encoded.
    ///
    /// - Throws: `CoreError` when the random generator fails.
    public static func generate() throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else {
            throw CoreError(code: .storage, message: "cannot generate a token: the system's random generator failed")
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The token in `path`; when the file does not exist, a new token written there (0600).
    ///
    /// - Throws: `CoreError` `.forbidden` when the file can be read by others, `.invalidInput`
    ///   when it is empty or not a regular file.
    public static func loadOrCreate(_ path: String) throws -> Loaded {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else {
                throw CoreError(code: .storage, message: "cannot read the token file \(path): \(String(cString: strerror(errno)))")
            }
            let token = try generate()
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try PosixFile.makeDirectory(directory) }
            try PosixFile.writeAtomically(path, Array((token + "\n").utf8))
            return Loaded(token: token, created: true)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CoreError(code: .invalidInput, message: "the token file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CoreError(
                code: .forbidden,
                message: "the token file \(path) can be read by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)'")
        }
        let text = String(decoding: try PosixFile.read(path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 16, !text.contains(where: { $0.isWhitespace }) else {
            throw CoreError(
                code: .invalidInput,
                message: "the token file \(path) must hold one token of at least 16 characters; delete it to have a new one made")
        }
        return Loaded(token: text, created: false)
    }
}
