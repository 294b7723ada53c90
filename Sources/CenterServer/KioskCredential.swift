import Crypto
import Foundation

/// A kiosk's bearer secret. The center keeps only `hash(of:)`, so a leaked center database does not let anyone
/// upload as a kiosk.
enum KioskCredential {
    /// 32 random bytes from the system CSPRNG, base64url without padding (43 characters, safe in headers and files).
    static func newSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { base64URL(Data($0)) }
    }

    /// Lowercase hex SHA-256 of the secret's UTF-8 text. A fast hash is enough: the secret has 256 bits of entropy,
    /// so there is nothing to brute-force.
    static func hash(of secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
