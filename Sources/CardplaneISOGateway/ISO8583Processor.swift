public import CardplaneCore
public import CardplaneISO8583
public import CardplaneIssuer
public import Logging

/// Answers card-network messages with the authorization engine (issue #17): each request message
/// becomes the use case the simulator calls, and its outcome the response's code in DE 39.
///
/// Keys: an authorization is the network transaction `iso:<DE 32>:<DE 7>:<DE 11>` (acquirer,
/// transmission time, trace number), which a completion or reversal names again in DE 90; a
/// repeated message finds its record by that key and answers it again, moving nothing.
public struct ISO8583Processor: Sendable {
    let transactions: CardTransactions
    let vaultKeys: CardVaultKeys
    let rates: ExchangeRates
    let logger: Logger

    public init(
        transactions: CardTransactions,
        vaultKeys: CardVaultKeys,
        rates: ExchangeRates = .simulatorDefault,
        logger: Logger
    ) {
        self.transactions = transactions
        self.vaultKeys = vaultKeys
        self.rates = rates
        self.logger = logger
    }

    /// Response codes (DE 39).
    public enum ResponseCode: String, Sendable {
        case approved = "00"
        case declined = "05"
        case invalidAmount = "13"
        case invalidTransaction = "12"
        case unknownCard = "14"
        case originalNotFound = "25"
        case formatError = "30"
        case insufficientFunds = "51"
        case expiredCard = "54"
        case notPermitted = "57"
        case overLimit = "61"
        case restrictedCard = "62"
        case issuerUnavailable = "91"
        case systemError = "96"
    }

    /// The answer to `request`; `nil` for a message that is itself a response (nothing to answer).
    /// A repeat (`0101`, `0121`, `0221`, `0401`) is the original message again: it finds what
    /// the original did, by the same keys, and answers it.
    public func respond(to message: ISO8583Message) async -> ISO8583Message? {
        guard let responseType = ISO8583Message.responseType(of: message.mti) else { return nil }
        var request = message
        request.mti = ISO8583Message.originalType(of: message.mti)
        do {
            switch request.mti {
            case "0800": return try networkManagement(request, responseType)
            case "0100": return try await authorize(request, responseType)
            case "0120": return try await recordStandIn(request, responseType)
            case "0220", "0400": return try await adjust(request, responseType)
            default: return Self.answer(request, responseType, code: .formatError)
            }
        } catch let error as TransactionError {
            return Self.answer(request, responseType, code: Self.code(for: error))
        } catch let error as ISO8583Error {
            logger.notice(
                "iso8583 format error",
                metadata: ["mti": .string(request.mti), "reason": .string(error.reason)]
            )
            return Self.answer(request, responseType, code: .formatError)
        } catch {
            logger.error(
                "iso8583 message failed",
                metadata: ["mti": .string(request.mti), "error": .string(String(reflecting: type(of: error)))]
            )
            return Self.answer(request, responseType, code: .systemError)
        }
    }

    /// `0800`: sign-on (`001`), sign-off (`002`), echo (`301`) in DE 70.
    func networkManagement(_ request: ISO8583Message, _ responseType: String) throws -> ISO8583Message {
        guard let code = request[70], ["001", "002", "301"].contains(code), request[7] != nil, request[11] != nil else {
            throw ISO8583Error(mti: request.mti, reason: "0800 needs DE 7, 11 and DE 70 001, 002 or 301")
        }
        return Self.answer(request, responseType, code: .approved)
    }

    /// `0100`: an authorization of a purchase (`00`) or a cash withdrawal (`01`).
    func authorize(_ request: ISO8583Message, _ responseType: String) async throws -> ISO8583Message {
        let outcome: CardTransactions.Outcome
        switch try await engineRequest(request, standIn: false) {
        case .refused(let code): return Self.answer(request, responseType, code: code)
        case .request(let authorization): outcome = try await transactions.authorize(authorization)
        }
        var response = Self.answer(request, responseType, code: Self.code(for: outcome.declineReason))
        if outcome.approved { response[38] = Self.approvalCode(consumeNo: outcome.consumption.consumeNo) }
        return response
    }

    /// `0120`: the network approved a spend in our stead (stand-in processing) and tells us. The
    /// engine records it without asking the merchant; the answer acknowledges the advice (`00`)
    /// whatever the card's rules and funds made of it, since an advice cannot be declined. What
    /// they declined is recorded as a declined payment with its reason, and logged as a warning.
    func recordStandIn(_ request: ISO8583Message, _ responseType: String) async throws -> ISO8583Message {
        switch try await engineRequest(request, standIn: true) {
        case .refused(let code): return Self.answer(request, responseType, code: code)
        case .request(let authorization): _ = try await transactions.authorize(authorization)
        }
        return Self.answer(request, responseType, code: .approved)
    }

    /// What the engine is asked for an authorization-like message, or the code it is refused with
    /// before: a zero or unconvertible amount (`13`), a PAN of no card (`14`).
    enum EngineRequest {
        case request(AuthorizationRequest)
        case refused(ResponseCode)
    }

    func engineRequest(_ request: ISO8583Message, standIn: Bool) async throws -> EngineRequest {
        let fields = try AuthorizationFields(request)
        guard fields.minorUnits > 0,
            let usd = rates.toUSD(fields.localAmount, currency: fields.currency)
                ?? (fields.currency == "USD" ? fields.localAmount : nil)
        else { return .refused(.invalidAmount) }
        guard let pan = PrimaryAccountNumber(fields.pan), let cardNo = try await vaultKeys.cardNo(pan: pan) else {
            return .refused(.unknownCard)
        }
        return .request(
            AuthorizationRequest(
                cardNo: cardNo,
                networkTransactionID: fields.transactionID,
                kind: fields.kind,
                amount: usd,
                localAmount: fields.localAmount,
                localCurrency: fields.currency,
                merchant: fields.merchant,
                isApplePay: false,
                standIn: standIn
            )
        )
    }

    /// DE 39 for a decision: `00`, or the decline's code.
    static func code(for reason: DeclineReason?) -> ResponseCode {
        switch reason {
        case nil: .approved
        case .insufficientFunds: .insufficientFunds
        case .cardExpired: .expiredCard
        case .cardFrozen, .cardDeleted, .cardNotActivated: .restrictedCard
        case .overSingleLimit, .overWeeklyLimit, .overATMDailyLimit, .overATMMonthlyLimit: .overLimit
        case .invalidAmount: .invalidAmount
        case .merchantDeclined, .merchantSuspended: .declined
        case .merchantTimeout: .issuerUnavailable
        case .currencyNotSupported: .notPermitted
        }
    }

    /// DE 38: the last six characters of the record's number.
    static func approvalCode(consumeNo: String) -> String {
        String(consumeNo.suffix(6))
    }

    /// The response to `request`: the request's identifying elements echoed, and `code` in DE 39.
    static func answer(_ request: ISO8583Message, _ responseType: String, code: ResponseCode) -> ISO8583Message {
        var response = ISO8583Message(mti: responseType)
        for number in echoed { response[number] = request[number] }
        response[39] = code.rawValue
        return response
    }

    /// What a response repeats of its request. Never DE 2: a PAN goes into no response in clear;
    /// the peer matches answers by DE 11 and DE 37.
    static let echoed = [3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49, 70, 90, 95]
}
