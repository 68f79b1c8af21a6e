import NIOSSL
import RClaudeCore

/// Loads a PEM certificate chain and key, and checks they belong together before serving.
enum TLSFilesLoader {
    static func serverConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
        } catch {
            throw CoreError(
                code: .invalidInput, message: "cannot read the TLS certificate \(files.certificatePath): \(error); give a PEM file")
        }
        guard !chain.isEmpty else {
            throw CoreError(code: .invalidInput, message: "the TLS certificate file \(files.certificatePath) holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.keyPath, format: .pem)
        } catch {
            throw CoreError(code: .invalidInput, message: "cannot read the TLS key \(files.keyPath): \(error); give a PEM private key")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw CoreError(
                code: .invalidInput,
                message: "the TLS key \(files.keyPath) does not match the certificate \(files.certificatePath) (\(error))")
        }
        return configuration
    }
}
