public import CardplaneCore
import CardplaneStore

extension CardTransactions {
    /// The merchant's consumption record, or 4009.
    public func consumption(consumeNo: String, merchantNo: String) async throws -> Consumption {
        let record = try await store.withReader { database in
            try await ConsumptionRecords(database).record(consumeNo: consumeNo, merchantNo: merchantNo)
        }
        guard let record else { throw CardplaneError(.consumptionNotFound) }
        return record
    }

    /// The merchant's consumption records created within `range`, newest first.
    public func consumptions(
        merchantNo: String,
        cardholderNo: String?,
        consumeNo: String?,
        cardNo: String?,
        range: TimeRange,
        page: PageRequest
    ) async throws -> Page<ConsumptionSummary> {
        let countedUntil = try await store.listCountedUntil(.consumptions)
        return try await store.withReader { database in
            try await ConsumptionRecords(database).list(
                merchantNo: merchantNo,
                cardholderNo: cardholderNo,
                consumeNo: consumeNo,
                cardNo: cardNo,
                range: range,
                page: page,
                countedUntil: countedUntil
            )
        }
    }
}
