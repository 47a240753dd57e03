public import NIOSSL

/// A certificate chain and its private key, PEM files named in the configuration (`http.tls_*`, `hj212.tls_*`).
public struct TLSFiles: Sendable, Hashable {
    public var certificate: String
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }

    /// A server configuration (TLS 1.2 and later) from the files; a file that is missing or not PEM is a
    /// configuration error naming it.
    public func serverConfiguration(for setting: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let privateKey: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw ConfigurationError("\(setting).tls_certificate '\(certificate)' is not a readable PEM certificate chain: \(error)")
        }
        guard !chain.isEmpty else { throw ConfigurationError("\(setting).tls_certificate '\(certificate)' holds no certificate") }
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw ConfigurationError("\(setting).tls_key '\(key)' is not a readable PEM private key: \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// The context a channel's `NIOSSLServerHandler` takes.
    public func serverContext(for setting: String) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: try serverConfiguration(for: setting))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("\(setting): the certificate and key do not make a TLS context: \(error)")
        }
    }
}
