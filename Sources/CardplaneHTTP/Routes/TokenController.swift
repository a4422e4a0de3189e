import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import Hummingbird

/// Get Token (spec §3.1): `GET /open-api/v1/merchant/token` with `Api-Key` and `Timestamp`.
struct TokenController {
    let authenticator: Authenticator
    let clientAddresses: ClientAddressResolver

    struct TokenPayload: Encodable, Sendable {
        var accessToken: String
        var expiredTime: Int64

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiredTime = "expired_time"
        }
    }

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        group.group("merchant/token")
            .add(
                middleware: AuthMiddleware(
                    authenticator: authenticator,
                    clientAddresses: clientAddresses,
                    requiresAccessToken: false
                )
            )
            .get { request, context in
                let grant = try await authenticator.issueAccessToken(for: context.requireAuthenticated)
                // The one place a token leaves in clear: the response that issues it.
                let payload = TokenPayload(accessToken: grant.accessToken.reveal(), expiredTime: grant.expiredTimeMs)
                return try Envelope.success(payload, language: context.language).response()
            }
    }
}
