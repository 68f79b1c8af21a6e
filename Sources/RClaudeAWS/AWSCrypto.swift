// The few libcrypto primitives AWS needs: SHA-256 for payload and canonical-request hashes,
// HMAC-SHA256 for the SigV4 key chain, and random bytes for one-time tokens.

import COpenSSL
import RClaudeCore

/// SHA-256, HMAC-SHA256, hex and random bytes over libcrypto.
public enum AWSCrypto {
    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = Array(bytes).withUnsafeBufferPointer { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest with SHA-256 cannot fail short of memory exhaustion; an empty result makes
        // any signature mismatch loudly rather than crash.
        return ok == 1 ? Array(digest.prefix(Int(length))) : []
    }

    /// The HMAC-SHA256 of `message` under `key` (32 bytes).
    public static func hmacSHA256<Key: Collection<UInt8>, Message: Collection<UInt8>>(key: Key, _ message: Message)
        -> [UInt8]
    {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let keyBytes = Array(key)
        let messageBytes = Array(message)
        let result = keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, &output, &length)
            }
        }
        return result == nil ? [] : Array(output.prefix(Int(length)))
    }

    /// Lower-case hex of `bytes`.
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `count` bytes from libcrypto's CSPRNG.
    ///
    /// - Throws: `CoreError` `.launch` when the generator fails (no entropy source).
    public static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            throw CoreError(
                code: .launch,
                message:
                    "cannot generate a random token: libcrypto's random generator failed; check /dev/urandom is readable"
            )
        }
        return bytes
    }

    /// A one-time token: 32 random bytes, hex-encoded (64 characters).
    ///
    /// - Throws: `CoreError` when the random generator fails.
    public static func oneTimeToken() throws -> String {
        hex(try randomBytes(32))
    }
}
