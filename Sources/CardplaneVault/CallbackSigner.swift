public import CardplaneCore
import Crypto

/// Signs callbacks to merchants: lowercase hex HMAC-SHA256 of the signing string, keyed by the UTF-8
/// bytes of the merchant's apiSecret (spec §7.1, §13).
public enum CallbackSigner {
    public static func signature(
        secret: Sensitive<String>,
        appID: String,
        timestamp: String,
        data: [String: CallbackJSON]
    ) -> String {
        let message = CallbackSigningString.make(appID: appID, timestamp: timestamp, data: data)
        let key = SymmetricKey(data: Array(secret.reveal().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key)
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
