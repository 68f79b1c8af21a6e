import COpenSSL

/// SHA-256 through libcrypto, for comparing streams byte for byte.
enum SHA256Digest {
    static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress, input.count, &digest)
        }
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
