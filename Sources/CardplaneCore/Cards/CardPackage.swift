/// A card product on a BIN for credit-extension merchants (spec §4.16): names, descriptions and
/// tags in English and Chinese, spending caps and the fee schedule.
public struct CardPackage: Sendable, Equatable {
    /// Platform number of the package (`package_no`).
    public var packageNo: String
    /// The BIN its cards are issued on.
    public var cardBinNo: String
    public var type: CardType
    public var nameEn: String
    public var nameCn: String
    public var descriptionEn: String
    public var descriptionCn: String
    public var tagsEn: [String]
    public var tagsCn: [String]
    public var consumptionLimit: ConsumptionLimit
    public var feeSchedule: FeeSchedule
    /// Where its physical cards are activated: through the API, or only in the merchant's app (4008).
    public var activation: Activation
    public var status: CatalogStatus
    public var createdAtMs: Int64

    public init(
        packageNo: String,
        cardBinNo: String,
        type: CardType,
        nameEn: String,
        nameCn: String,
        descriptionEn: String,
        descriptionCn: String,
        tagsEn: [String],
        tagsCn: [String],
        consumptionLimit: ConsumptionLimit,
        feeSchedule: FeeSchedule,
        activation: Activation = .api,
        status: CatalogStatus,
        createdAtMs: Int64
    ) {
        self.packageNo = packageNo
        self.cardBinNo = cardBinNo
        self.type = type
        self.nameEn = nameEn
        self.nameCn = nameCn
        self.descriptionEn = descriptionEn
        self.descriptionCn = descriptionCn
        self.tagsEn = tagsEn
        self.tagsCn = tagsCn
        self.consumptionLimit = consumptionLimit
        self.feeSchedule = feeSchedule
        self.activation = activation
        self.status = status
        self.createdAtMs = createdAtMs
    }
}

extension CardPackage {
    /// Where a package's physical cards are activated.
    public enum Activation: String, Sendable, CaseIterable, Codable {
        /// By the merchant's server through `card/active`.
        case api
        /// Only inside the merchant's app (the card provider's SDK); `card/active` answers 4008.
        case merchantApp = "merchant_app"
    }
}
