import CardplaneCore
import CardplaneIssuer
import Hummingbird

/// Card apply, list, detail, private info, activation, status update and PIN (spec §4.4–4.10),
/// for merchants in either mode.
struct CardController {
    let issuer: CardIssuer
    let cards: CardManagement
    /// Card details as JSON, reused while a card's detail stays equal.
    let encodedDetails = EncodedPayloads<CardManagement.Detail>()

    func register(in group: RouterGroup<CardplaneRequestContext>) {
        group.post("card/apply", use: apply)
        group.post("card/list", use: list)
        group.get("card/:card_no/detail", use: detail)
        group.get("card/:card_no/private/info", use: privateInfo)
        group.post("card/active", use: activate)
        group.post("card/status/update", use: updateStatus)
        group.post("card/pin/set", use: setPIN)
    }

    /// Checks in order: body (1004), fields (1004, 1012, ``CardApplication``), then the issuer's
    /// codes (``CardIssuer``).
    func apply(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ApplyRequest.self, context: context)
        let merchant = context.requireAuthenticated.merchant
        let application = try CardApplication(
            cardholderNo: body.cardholderNo,
            cardUniqueNo: body.cardUniqueNo,
            cardType: body.cardType,
            packageNo: body.packageNo,
            cardBinNo: body.cardBinNo,
            address: body.addressInfo?.address,
            mode: merchant.mode
        )
        let card = try await issuer.apply(application, merchantNo: merchant.merchantNo)
        let payload = ApplyPayload(cardNo: card.cardNo, cardUniqueNo: card.cardUniqueNo)
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks in order: body (1004), `Timezone` (1004), `start_time`/`end_time` (1004, 1019, 1020),
    /// `page`, `size` (1004).
    func list(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ListRequest.self, context: context)
        let window = try ListWindow(request: request, body: body)
        let filter = CardFilter(
            cardholderNo: body.cardholderNo?.nilIfEmpty,
            cardUniqueNo: body.cardUniqueNo?.nilIfEmpty,
            cardNo: body.cardNo?.nilIfEmpty
        )
        let result = try await cards.list(
            merchantNo: context.requireAuthenticated.merchant.merchantNo,
            filter: filter,
            range: window.range,
            page: window.page
        )
        let payload = ListPayload(result.map(CardRow.init))
        return try Envelope.success(payload, language: context.language).response()
    }

    /// Checks: 4004.
    func detail(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let cardNo = context.parameters.get("card_no") ?? ""
        let detail = try await cards.detail(
            cardNo: cardNo,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        let key = "\(context.requireAuthenticated.merchant.merchantNo)/\(cardNo)"
        let data = try encodedDetails.json(for: key, value: detail) { try Envelope.encodedData(CardDetail($0)) }
        return try Envelope.success(encodedData: data, language: context.language)
    }

    /// `data` is a string: the Base64 AES/ECB ciphertext of the card's secrets (spec §4.7).
    /// Checks: ``CardManagement/privateInfo(cardNo:merchantNo:)``.
    func privateInfo(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let cardNo = context.parameters.get("card_no") ?? ""
        let ciphertext = try await cards.privateInfo(
            cardNo: cardNo,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        return try Envelope.success(ciphertext, language: context.language).response()
    }

    /// Checks in order: body (1004), `cardholder_no`, `card_no`, `cvv`, `card_last_no` present (1004;
    /// `card_last_no` 4 digits), then ``CardManagement/activate(cardNo:cardholderNo:encryptedCVV:lastFour:merchantNo:)``.
    func activate(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: ActivateRequest.self, context: context)
        let cardholderNo = try body.cardholderNo.required("cardholder_no")
        let cardNo = try body.cardNo.required("card_no")
        let cvv = try body.cvv.required("cvv")
        let lastFour = try body.cardLastNo.required("card_last_no")
        guard lastFour.count == 4, lastFour.allSatisfy(\.isASCIIDigit) else {
            throw CardplaneError.invalidParameter("card_last_no")
        }
        _ = try await cards.activate(
            cardNo: cardNo,
            cardholderNo: cardholderNo,
            encryptedCVV: cvv,
            lastFour: lastFour,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        return try Envelope.success(ResultPayload(result: true), language: context.language).response()
    }

    /// Checks in order: body (1004), `card_no` and `status` present (1004), `status` one of
    /// `Activated`, `Frozen`, `Delete` (4013), then ``CardManagement/changeStatus(cardNo:to:merchantNo:)``.
    func updateStatus(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: StatusRequest.self, context: context)
        let cardNo = try body.cardNo.required("card_no")
        let status = try CardStatus(requested: try body.status.required("status"))
        _ = try await cards.changeStatus(
            cardNo: cardNo,
            to: status,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        return try Envelope.success(ResultPayload(result: true), language: context.language).response()
    }

    /// Checks in order: body (1004), `card_no`, `cardholder_no`, `pin` present (1004), then
    /// ``CardManagement/setPIN(cardNo:cardholderNo:encryptedPIN:merchantNo:)``.
    func setPIN(_ request: Request, context: CardplaneRequestContext) async throws -> Response {
        let body = try await request.decodeBody(as: PINRequest.self, context: context)
        let cardNo = try body.cardNo.required("card_no")
        let cardholderNo = try body.cardholderNo.required("cardholder_no")
        let pin = try body.pin.required("pin")
        try await cards.setPIN(
            cardNo: cardNo,
            cardholderNo: cardholderNo,
            encryptedPIN: pin,
            merchantNo: context.requireAuthenticated.merchant.merchantNo
        )
        return try Envelope.success(ResultPayload(result: true), language: context.language).response()
    }
}

extension Optional where Wrapped == String {
    /// The value when present and not empty, or 1004 naming `field`.
    func required(_ field: String) throws -> String {
        guard let self, !self.isEmpty, self.count <= Limits.requestFieldLengthMax else {
            throw CardplaneError.invalidParameter(field)
        }
        return self
    }
}
