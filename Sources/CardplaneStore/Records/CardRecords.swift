public import CardplaneCore
public import SQLKit

/// Cards (everything but their secrets, which are in ``CardSecretRecords``).
public struct CardRecords: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// What issuance stores besides the card itself.
    public struct IssuanceDetails: Sendable {
        /// The pending hold on the issuance fee, resolved when the provider answers.
        public var feeHoldID: String?
        /// The card's `address_info`, sealed.
        public var sealedAddress: String?

        public init(feeHoldID: String?, sealedAddress: String?) {
            self.feeHoldID = feeHoldID
            self.sealedAddress = sealedAddress
        }
    }

    /// Inserts a new card. Returns `false`, inserting nothing, when the merchant already has a card
    /// with its `card_unique_no` (4003).
    public func insert(_ card: Card, details: IssuanceDetails) async throws -> Bool {
        CachedRowWrites.noteWrite()
        let rows = try await database.raw(
            """
            INSERT INTO card (card_no, merchant_no, cardholder_no, card_unique_no, card_type, card_bin_no, package_no,
                organization, card_last_no, status, version, fee_hold_id, sealed_address, created_at_ms, updated_at_ms)
            VALUES (\(bind: card.cardNo), \(bind: card.merchantNo), \(bind: card.cardholderNo),
                \(bind: card.cardUniqueNo), \(bind: card.cardType.rawValue), \(bind: card.cardBinNo),
                \(bind: card.packageNo), \(bind: card.organization.rawValue), \(bind: card.lastFour),
                \(bind: card.status.rawValue), \(bind: card.version), \(bind: details.feeHoldID),
                \(bind: details.sealedAddress), \(bind: card.createdAtMs), \(bind: card.updatedAtMs))
            ON CONFLICT (merchant_no, card_unique_no) DO NOTHING
            RETURNING card_no
            """
        ).all()
        return !rows.isEmpty
    }

    /// Whether the merchant has a card with this `card_unique_no`.
    public func exists(merchantNo: String, cardUniqueNo: String) async throws -> Bool {
        try await database.raw(
            """
            SELECT card_no FROM card WHERE merchant_no = \(bind: merchantNo) AND card_unique_no = \(bind: cardUniqueNo)
            """
        ).first() != nil
    }

    /// Whether any card has number `cardNo`.
    public func exists(cardNo: String) async throws -> Bool {
        try await database.raw("SELECT card_no FROM card WHERE card_no = \(bind: cardNo)").first() != nil
    }

    /// The card `cardNo` of any merchant (the card network knows cards by number only), or `nil`.
    public func card(no cardNo: String) async throws -> Card? {
        try await database.raw("SELECT * FROM card WHERE card_no = \(bind: cardNo)").first().map(Self.card(from:))
    }

    /// The cards `cardNos` by number, read fresh and locked until the transaction ends: on
    /// PostgreSQL row locks taken in card-number order, so spends on one card are decided one after
    /// another; on SQLite the writer's lock already excludes every other writer.
    public func lockedCards(_ cardNos: Set<String>) async throws -> [String: Card] {
        guard !cardNos.isEmpty else { return [:] }
        let numbers: [SQLQueryString] = cardNos.sorted().map { "\(bind: $0)" }
        let lock: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        let rows = try await database.raw(
            "SELECT * FROM card WHERE card_no IN (\(numbers.joined(separator: ", "))) ORDER BY card_no\(lock)"
        ).all()
        var cards: [String: Card] = [:]
        for row in rows {
            let card = try Self.card(from: row)
            cards[card.cardNo] = card
        }
        return cards
    }

    /// The merchant's card `cardNo`, or `nil` (also for another merchant's card).
    public func card(no cardNo: String, merchantNo: String) async throws -> Card? {
        try await database.raw(
            "SELECT * FROM card WHERE card_no = \(bind: cardNo) AND merchant_no = \(bind: merchantNo)"
        ).first().map(Self.card(from:))
    }

    /// The fee hold placed when the card was applied for, if still recorded.
    public func feeHoldID(cardNo: String) async throws -> String? {
        try await database.raw("SELECT fee_hold_id FROM card WHERE card_no = \(bind: cardNo)")
            .first()?.decode(column: "fee_hold_id", as: String?.self)
    }

    /// The provider's reference of the card, once the provider accepted it.
    public func providerReference(cardNo: String) async throws -> String? {
        try await database.raw("SELECT provider_reference FROM card WHERE card_no = \(bind: cardNo)")
            .first()?.decode(column: "provider_reference", as: String?.self)
    }

    /// The sealed `address_info` of a card, if it has one.
    public func sealedAddress(cardNo: String) async throws -> String? {
        try await database.raw("SELECT sealed_address FROM card WHERE card_no = \(bind: cardNo)")
            .first()?.decode(column: "sealed_address", as: String?.self)
    }

    /// Moves the card from `expected` to `status` and bumps its version. Returns the updated card,
    /// or `nil` when the card is no longer in `expected` (a concurrent change won).
    public func transition(
        cardNo: String,
        from expected: CardStatus,
        to status: CardStatus,
        producedAtMs: Int64? = nil,
        providerReference: String? = nil,
        nowMs: Int64
    ) async throws -> Card? {
        CachedRowWrites.noteWrite()
        return try await database.raw(
            """
            UPDATE card SET status = \(bind: status.rawValue), version = version + 1, updated_at_ms = \(bind: nowMs),
                produced_at_ms = COALESCE(\(bind: producedAtMs), produced_at_ms),
                provider_reference = COALESCE(\(bind: providerReference), provider_reference)
            WHERE card_no = \(bind: cardNo) AND status = \(bind: expected.rawValue)
            RETURNING *
            """
        ).first().map(Self.card(from:))
    }

    /// Cards still `Pending` without a provider reference, created before `createdBeforeMs`: issuance
    /// attempts the provider never answered for. Oldest first, at most `limit`.
    public func abandonedApplications(createdBeforeMs: Int64, limit: Int) async throws -> [Card] {
        try await database.raw(
            """
            SELECT * FROM card WHERE status = 'Pending' AND provider_reference IS NULL
              AND created_at_ms < \(bind: createdBeforeMs)
            ORDER BY created_at_ms, card_no LIMIT \(literal: limit)
            """
        ).all().map(Self.card(from:))
    }

    /// Physical cards whose simulated production finished by `nowMs`, oldest first, at most `limit`.
    public func producedCards(nowMs: Int64, limit: Int) async throws -> [Card] {
        try await database.raw(
            """
            SELECT * FROM card WHERE status = 'Pending' AND produced_at_ms IS NOT NULL
              AND produced_at_ms <= \(bind: nowMs)
            ORDER BY produced_at_ms, card_no LIMIT \(literal: limit)
            """
        ).all().map(Self.card(from:))
    }

    /// The merchant's cards within `range`, newest first.
    public func list(
        merchantNo: String,
        filter: CardFilter,
        range: TimeRange,
        page: PageRequest,
        countedUntil: Int64?
    ) async throws -> Page<Card> {
        var condition: SQLQueryString = """
            WHERE merchant_no = \(bind: merchantNo)
            """
        if let value = filter.cardholderNo { condition = "\(condition) AND cardholder_no = \(bind: value)" }
        if let value = filter.cardUniqueNo { condition = "\(condition) AND card_unique_no = \(bind: value)" }
        if let value = filter.cardNo { condition = "\(condition) AND card_no = \(bind: value)" }
        return try await database.page(
            select: "*",
            source: "FROM card \(condition)",
            time: "created_at_ms",
            id: "card_no",
            range: range,
            page: page,
            total: database.listTotal(
                .cards,
                merchantNo: merchantNo,
                range: range,
                filtered: filter != CardFilter(),
                countedUntil: countedUntil
            ),
            row: Self.card(from:)
        )
    }

    /// Cards that may owe a management fee (usable or frozen, on a package), after `afterCardNo`, in
    /// card-number order, at most `limit`: the management-fee run pages through them.
    public func managedCards(afterCardNo: String, limit: Int) async throws -> [Card] {
        try await database.raw(
            """
            SELECT * FROM card WHERE status IN ('Activated', 'Frozen') AND package_no IS NOT NULL
              AND card_no > \(bind: afterCardNo)
            ORDER BY card_no LIMIT \(literal: limit)
            """
        ).all().map(Self.card(from:))
    }

    /// The cardholder's cards, oldest first.
    public func cards(cardholderNo: String) async throws -> [Card] {
        try await database.raw(
            "SELECT * FROM card WHERE cardholder_no = \(bind: cardholderNo) ORDER BY created_at_ms, card_no"
        ).all().map(Self.card(from:))
    }

    static func card(from row: any SQLRow) throws -> Card {
        guard let type = CardType(rawValue: try row.decode(column: "card_type", as: String.self)),
            let status = CardStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let organization = CardOrganization(rawValue: try row.decode(column: "organization", as: String.self))
        else { throw StoreError.corruptRow(table: "card") }
        return Card(
            cardNo: try row.decode(column: "card_no", as: String.self),
            merchantNo: try row.decode(column: "merchant_no", as: String.self),
            cardholderNo: try row.decode(column: "cardholder_no", as: String.self),
            cardUniqueNo: try row.decode(column: "card_unique_no", as: String.self),
            cardType: type,
            cardBinNo: try row.decode(column: "card_bin_no", as: String.self),
            packageNo: try row.decode(column: "package_no", as: String?.self),
            organization: organization,
            lastFour: try row.decode(column: "card_last_no", as: String.self),
            status: status,
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self),
            updatedAtMs: try row.decode(column: "updated_at_ms", as: Int64.self)
        )
    }
}
