import CardplaneCore
import CardplaneISO8583
import CardplaneIssuer

/// What follows an authorization: its completion (`0220`, processing code `00`/`01`, full or
/// partial), a refund advice (`0220`, processing code `20`) and its reversal (`0400`, full, or
/// partial with the amount left in DE 95). Each names its authorization in DE 90 and is itself
/// keyed `iso:<MTI>:<DE 32>:<DE 7>:<DE 11>`, so a repeated one answers again and moves nothing.
extension ISO8583Processor {
    /// `0220` and `0400`.
    func adjust(_ request: ISO8583Message, _ responseType: String) async throws -> ISO8583Message {
        let message = try AdviceFields(request)
        let usd: Amount?
        if let local = message.localAmount {
            guard
                let converted = rates.toUSD(local, currency: message.currency)
                    ?? (message.currency == "USD" ? local : nil), converted.minorUnits > 0
            else { return Self.answer(request, responseType, code: .invalidAmount) }
            usd = converted
        } else {
            usd = nil
        }
        do {
            switch (request.mti, message.processing) {
            case ("0400", _):
                _ = try await transactions.reverse(
                    networkTransactionID: message.original,
                    amount: usd,
                    messageID: message.messageID
                )
            case ("0220", "20"):
                guard let usd else { return Self.answer(request, responseType, code: .invalidAmount) }
                _ = try await transactions.refund(
                    networkTransactionID: message.original,
                    amount: usd,
                    messageID: message.messageID
                )
            default:
                _ = try await transactions.clear(
                    networkTransactionID: message.original,
                    amount: usd,
                    messageID: message.messageID
                )
            }
        } catch let error as TransactionError {
            return Self.answer(request, responseType, code: Self.code(for: error))
        }
        return Self.answer(request, responseType, code: .approved)
    }

    /// DE 39 for an adjustment the engine refused.
    static func code(for error: TransactionError) -> ResponseCode {
        switch error {
        case .unknownCard: .unknownCard
        case .unknownTransaction: .originalNotFound
        case .notPending, .notCleared: .invalidTransaction
        case .amountExceeds, .invalidAmount: .invalidAmount
        }
    }
}

/// The elements of a completion, refund or reversal, read and checked.
struct AdviceFields {
    /// The authorization's network transaction id, from DE 90.
    var original: String
    var messageID: String
    var processing: String
    var currency: String
    /// What the message moves, in DE 49's currency: `nil` for all that is left (a reversal
    /// without DE 95).
    var localAmount: Amount?

    init(_ message: ISO8583Message) throws(ISO8583Error) {
        func fail(_ reason: String) -> ISO8583Error { ISO8583Error(mti: message.mti, reason: reason) }
        func digits(_ number: Int) throws(ISO8583Error) -> String {
            guard let value = message[number], !value.isEmpty, value.utf8.allSatisfy(\.isDigit) else {
                throw fail("DE \(number) missing or not digits")
            }
            return value
        }
        // DE 90: original MTI (4), STAN (6), transmission time (10), acquirer (11), forwarding (11).
        let originalData = Array(try digits(90))
        guard originalData.count == 42 else { throw fail("DE 90 must be 42 digits") }
        original = AuthorizationFields.transactionID(
            acquirer: AuthorizationFields.acquirer(String(originalData[20..<31])),
            transmittedAt: String(originalData[10..<20]),
            trace: String(originalData[4..<10])
        )
        let acquirer = AuthorizationFields.acquirer(try digits(32))
        messageID = "iso:\(message.mti):\(acquirer):\(try digits(7)):\(try digits(11))"
        processing = String(try digits(3).prefix(2))
        guard ["00", "01", "20"].contains(processing) else { throw fail("DE 3 processing code") }
        guard let code = AuthorizationFields.currencies[try digits(49)] else { throw fail("DE 49 currency not known") }
        currency = code
        let scale = ExchangeRates.scale(of: code)
        guard let amount = Int64(try digits(4)) else { throw fail("DE 4 amount") }
        if message.mti == "0400" {
            guard let replacement = message[95] else {
                localAmount = nil
                return
            }
            // DE 95 begins with the amount the authorization keeps: the reversal is the rest.
            guard replacement.utf8.count == 42, let kept = Int64(replacement.prefix(12)), kept < amount else {
                throw fail("DE 95 must keep less than DE 4")
            }
            localAmount = Amount(minorUnits: amount - kept, scale: scale)
        } else {
            localAmount = Amount(minorUnits: amount, scale: scale)
        }
    }
}
