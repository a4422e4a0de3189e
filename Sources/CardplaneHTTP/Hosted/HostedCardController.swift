import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import HTTPTypes
import Hummingbird

/// The PCI hosted card (spec §4.12, §6): the client access token route of the Open API, and the
/// page itself at `/pci/card`, outside `/open-api` (HTML, not the envelope).
struct HostedCardController {
    let display: HostedCardDisplay
    let clientAddresses: ClientAddressResolver

    func registerToken(in group: RouterGroup<CardplaneRequestContext>) {
        group.get("merchant/client/:card_no/token", use: token)
    }

    func registerPage(in router: Router<CardplaneRequestContext>) {
        router.get("pci/card", use: page)
    }

    struct TokenPayload: Encodable, Sendable {
        var clientAccessToken: String
        var expiresIn: Int64

        enum CodingKeys: String, CodingKey {
            case clientAccessToken = "client_access_token"
            case expiresIn = "expires_in"
        }
    }

    /// Checks: ``HostedCardDisplay/issueToken(cardNo:merchantNo:)``.
    func token(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let cardNo = context.parameters.get("card_no") ?? ""
        let token = try await display.issueToken(
            cardNo: cardNo,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        let payload = TokenPayload(clientAccessToken: token.reveal(), expiresIn: HostedCardDisplay.tokenLifetimeSeconds)
        return try Envelope.success(payload, language: context.language).response()
    }

    /// The page: the card, or an error page with the code and a short localised message. Checks:
    /// ``HostedCardDisplay/open(_:)``.
    func page(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let language: Language = query.get("lang") == "zh_CN" ? .chinese : .english
        let hosted = HostedCardRequest(
            token: query.get("token"),
            nonce: query.get("nonce"),
            host: request.head.authority,
            secFetchDest: request.headers[HTTPField.Name("Sec-Fetch-Dest")!],
            secFetchMode: request.headers[HTTPField.Name("Sec-Fetch-Mode")!],
            referer: request.headers[.referer],
            origin: request.headers[.origin],
            clientAddress: clientAddresses.clientAddress(
                peer: context.remoteAddress?.ipAddress.flatMap(IPAddress.init),
                forwardedFor: request.headers[values: .xForwardedFor].joined(separator: ",").nilIfEmpty
            )
        )
        do {
            let view = try await display.open(hosted)
            return HostedCardPage.card(view, language: language)
        } catch let error as CardplaneError {
            let settings = try? await display.settings(forToken: hosted.token)
            return HostedCardPage.error(error, language: language, allowedOrigins: settings?.allowedOrigins ?? [])
        }
    }
}
