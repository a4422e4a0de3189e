import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// Card package list (credit extension, spec §4.16) and supported BINs (authorization, spec §4.17):
/// what operators assigned to the merchant, enabled.
struct CatalogController {
    let catalog: CardCatalog

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        group.group("card/package/list")
            .add(middleware: ModeGateMiddleware(.only(.creditExtension)))
            .post(use: packageList)
        group.group("card/support/bins")
            .add(middleware: ModeGateMiddleware(.only(.authorization)))
            .post(use: supportedBINs)
    }

    struct PackageListRequest: Decodable {
        var type: String?
        var packageNo: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case type
            case packageNo = "package_no"
            case page, size, cursor
        }
    }

    struct BINListRequest: Decodable {
        var cardBinNo: String?
        var page: Int?
        var size: Int?
        var cursor: String?

        enum CodingKeys: String, CodingKey {
            case cardBinNo = "card_bin_no"
            case page, size, cursor
        }
    }

    /// Checks in order: body shape (1004), `type` (1004), `page` (1004), `size` (1004).
    func packageList(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: PackageListRequest.self, context: context)
        let type = try body.type.flatMap(\.nilIfEmpty).map { text in
            guard let type = CardType(rawValue: text) else { throw CardplaneError.invalidParameter("type") }
            return type
        }
        let page = try PageRequest(page: body.page, size: body.size, cursor: body.cursor)
        let result = try await catalog.packages(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            type: type,
            packageNo: body.packageNo?.nilIfEmpty,
            page: page
        )
        let payload = ListPayload(result.map(PackageRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks in order: body shape (1004), `page` (1004), `size` (1004).
    func supportedBINs(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: BINListRequest.self, context: context)
        let page = try PageRequest(page: body.page, size: body.size, cursor: body.cursor)
        let result = try await catalog.supportedBINs(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            cardBinNo: body.cardBinNo?.nilIfEmpty,
            page: page
        )
        let payload = ListPayload(result.map(BINRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }
}
