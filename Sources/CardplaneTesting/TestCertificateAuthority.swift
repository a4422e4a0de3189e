import Crypto
import Foundation
public import NIOSSL
import SwiftASN1
import X509

/// A certificate authority made for one test, and a server certificate it signed for `localhost`
/// and `127.0.0.1`: what an operator's private PKI gives a merchant endpoint.
public struct TestCertificateAuthority: Sendable {
    /// The CA certificate in PEM, as `--callback-ca-file` reads it.
    public let certificatePEM: String
    /// TLS settings for a server presenting the signed certificate.
    public let serverTLS: TLSConfiguration

    public init() throws {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("Cardplane test CA") }
        let ca = try Self.certificate(
            for: caKey,
            subject: caName,
            signedBy: caKey,
            issuer: caName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            }
        )
        let serverKey = P256.Signing.PrivateKey()
        let server = try Self.certificate(
            for: serverKey,
            subject: try DistinguishedName { CommonName("localhost") },
            signedBy: caKey,
            issuer: caName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            }
        )
        certificatePEM = try ca.serializeAsPEM().pemString
        let serverPEM = try server.serializeAsPEM().pemString
        serverTLS = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(serverPEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverKey.pemRepresentation.utf8), format: .pem))
        )
    }

    /// A certificate for `key`, valid from an hour ago for a day, signed by `issuerKey`.
    static func certificate(
        for key: P256.Signing.PrivateKey,
        subject: DistinguishedName,
        signedBy issuerKey: P256.Signing.PrivateKey,
        issuer: DistinguishedName,
        extensions: Certificate.Extensions
    ) throws -> Certificate {
        let now = Date()
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600),
            notValidAfter: now.addingTimeInterval(86_400),
            issuer: issuer,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(issuerKey)
        )
    }

    /// Writes the CA certificate to a new temporary file and returns its path.
    public func writeCertificateFile() throws -> String {
        let path = NSTemporaryDirectory() + "cardplane-test-ca-\(UUID().uuidString).pem"
        try certificatePEM.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
