import CardplaneCore
import NIOSSL

/// Sends one callback request to a merchant. Implementations time out on their own.
public protocol CallbackTransport: Sendable {
    /// POSTs `body` (JSON) with `headers` to `url` within `timeoutMs`.
    ///
    /// - Returns: the HTTP status and the response body (at most a few KiB are read).
    /// - Throws: on connection failures and timeouts.
    func post(
        url: String,
        headers: [(String, String)],
        body: String,
        timeoutMs: Int64
    ) async throws
        -> CallbackResponse
}

/// What a merchant answered.
public struct CallbackResponse: Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// Whether the merchant acknowledged: HTTP 200 with `{"code": 0, …}` (spec §7.1).
    public var isAcknowledgement: Bool { status == 200 && code == 0 }

    /// The `code` of the merchant's JSON answer, if it has one.
    public var code: Int64? {
        guard case .object(let members)? = CallbackJSON(parsing: body), case .integer(let code)? = members["code"]
        else { return nil }
        return code
    }
}

/// Why a callback could not be sent, in words for the delivery log and the operator's log (never a
/// secret: URLs, addresses and TLS reasons are not secret; other errors are named by type only).
enum CallbackFailures {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let failure as CallbackDispatcher.DeliveryFailure: return failure.reason
        case let refusal as CallbackDestinationPolicy.Refusal: return refusal.description
        case let failure as CallbackClientError: return failure.description
        case is DeadlineExceeded: return "no answer within the request timeout"
        case let failure as NIOSSLError: return "TLS failed: \(failure)"
        case let failure as NIOSSLExtraError: return "TLS failed: \(failure)"
        case let failure as BoringSSLError: return "TLS failed: \(failure)"
        default: return "transport error: \(String(reflecting: type(of: error)))"
        }
    }
}
