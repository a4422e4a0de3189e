import CardplaneCore
import CardplaneStore

extension CardIssuer {
    /// The BIN or package a card is issued from, with who pays its issuance fee.
    struct ResolvedProduct: Sendable {
        var bin: CardBIN
        var package: CardPackage?
        /// The `card_bin_no` or `package_no` the merchant's assignment and limit are on.
        var productNo: String
        /// The issuance fee (`open_cost`) in TUSDT minor units; 0 means no fee.
        var feeMinor: Int64
        /// The account the fee is taken from.
        var payer: LedgerAccount.Owner
        /// The code when the payer is short of the fee.
        var shortOfFee: ErrorCode
    }

    /// Resolves the application's package (credit extension) or BIN (authorization).
    ///
    /// - Throws: 4002 or 4001 when the product is unknown, disabled (itself or its BIN) or not assigned
    ///   to the merchant; 1004 `card_type` when it does not offer the requested card type.
    func resolveProduct(_ application: CardApplication, merchantNo: String) async throws -> ResolvedProduct {
        switch application.product {
        case .package(let packageNo):
            let found = try await store.withConnection { database -> (CatalogPackage, CardBIN)? in
                guard let entry = try await CatalogRecords(database).package(no: packageNo),
                    let bin = try await CatalogRecords(database).bin(no: entry.package.cardBinNo),
                    try await CatalogAssignmentRecords(database).assignment(
                        merchantNo: merchantNo,
                        productNo: packageNo
                    )
                        != nil
                else { return nil }
                return (entry, bin)
            }
            guard let (entry, bin) = found, entry.package.status == .enabled, bin.status == .enabled else {
                throw CardplaneError(.cardPackageNotFound)
            }
            guard entry.package.type == application.cardType else { throw CardplaneError.invalidParameter("card_type") }
            return ResolvedProduct(
                bin: bin,
                package: entry.package,
                productNo: packageNo,
                feeMinor: entry.package.feeSchedule.openCost.minorUnits,
                payer: .cardholder(application.cardholderNo),
                shortOfFee: .accountBalanceInsufficient
            )
        case .bin(let cardBinNo):
            let found = try await store.withConnection { database -> (CardBIN, Int64)? in
                guard let bin = try await CatalogRecords(database).bin(no: cardBinNo),
                    let assignment = try await CatalogAssignmentRecords(database).assignment(
                        merchantNo: merchantNo,
                        productNo: cardBinNo
                    )
                else { return nil }
                return (bin, assignment.openCostMinor)
            }
            guard let (bin, openCostMinor) = found, bin.status == .enabled else {
                throw CardplaneError(.cardBINNotAvailable)
            }
            let offers = application.cardType == .virtual ? bin.supportsVirtual : bin.supportsPhysical
            guard offers else { throw CardplaneError.invalidParameter("card_type") }
            return ResolvedProduct(
                bin: bin,
                package: nil,
                productNo: cardBinNo,
                feeMinor: openCostMinor,
                payer: .merchant(merchantNo),
                shortOfFee: .merchantBalanceInsufficient
            )
        }
    }
}
