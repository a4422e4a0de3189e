public import CardplaneCore
public import CardplaneStore
public import CardplaneVault

/// Moves every master-sealed secret to a new master key while servers keep running.
///
/// The new key is appended to the key file, which makes it the one that seals: a server on the
/// same file seals with it from its next seal and opens what was re-sealed (``KeyRingFile``). Then
/// every value sealed with an older key (API secrets, cardholder records, the card vault's wrapped
/// keys) is opened and sealed again, each replaced only if unchanged meanwhile, in passes until a
/// pass finds none left — a value a server sealed with the old key just before the switch is
/// caught by the next pass. Last, the older keys' sentinels are forgotten and every value is
/// opened under the new key alone: only then may the old keys leave the file.
public struct MasterKeyRotation: Sendable {
    /// Passes before giving up on values that keep appearing under an old key.
    static let maximumPasses = 10
    static let pageSize = 200

    let store: Store
    let keyFile: KeyRingFile
    let clock: any WallClock

    public init(store: Store, keyFile: KeyRingFile, clock: any WallClock) {
        self.store = store
        self.keyFile = keyFile
        self.clock = clock
    }

    /// What a rotation did.
    public struct Report: Sendable {
        /// The key that now seals every secret.
        public let newKeyID: String
        /// The keys that sealed nothing any more, which may be removed from the key file.
        public let oldKeyIDs: [String]
        /// How many values of each kind were sealed again.
        public let resealed: [MasterSealedRecords.Kind: Int]
        /// How many values were opened under the new key alone at the end.
        public let verified: Int
    }

    /// Adds the key, re-seals, and proves the result. The key file must already have passed
    /// ``MasterKeyCheck`` against this store.
    ///
    /// - Throws: ``MasterKeyRotationError``; store errors.
    public func run() async throws -> Report {
        let oldKeyIDs = keyFile.ringForSealing().keyIDs
        let newKeyID = try keyFile.addKey()
        let ring = keyFile.ringForSealing()
        try await MasterKeyCheck.verify(store: store, keyRing: ring, clock: clock)
        let sealer = SecretSealer(keys: keyFile)
        var resealed: [MasterSealedRecords.Kind: Int] = [:]
        var settled = false
        for _ in 0..<Self.maximumPasses where !settled {
            let pass = try await resealPass(newKeyID: newKeyID, sealer: sealer)
            resealed.merge(pass, uniquingKeysWith: +)
            settled = pass.values.allSatisfy { $0 == 0 }
        }
        guard settled else { throw MasterKeyRotationError.notSettled(passes: Self.maximumPasses) }
        try await store.withConnection { try await MasterKeySentinelRecords($0).delete(keepingOnly: newKeyID) }
        let verified = try await openAll(with: SecretSealer(keyRing: ring.activeKeyOnly()))
        return Report(newKeyID: newKeyID, oldKeyIDs: oldKeyIDs, resealed: resealed, verified: verified)
    }

    /// Seals again every value not sealed by `newKeyID`; returns how many per kind.
    private func resealPass(newKeyID: String, sealer: SecretSealer) async throws -> [MasterSealedRecords.Kind: Int] {
        var counts: [MasterSealedRecords.Kind: Int] = [:]
        for kind in MasterSealedRecords.Kind.allCases {
            counts[kind] = 0
            try await forEachValue(of: kind, exceptPrefix: "v1.\(newKeyID).") { value in
                let context = Self.context(kind, id: value.id)
                guard let secret = try? sealer.open(value.sealed, context: context) else {
                    throw MasterKeyRotationError.cannotOpen(kind: kind, id: value.id)
                }
                let resealed = try sealer.seal(secret, context: context)
                let replaced = try await store.withConnection {
                    try await MasterSealedRecords($0).replace(kind, value, with: resealed)
                }
                if replaced { counts[kind, default: 0] += 1 }
            }
        }
        return counts
    }

    /// Opens every master-sealed value with `sealer`; returns how many there are.
    private func openAll(with sealer: SecretSealer) async throws -> Int {
        var opened = 0
        for kind in MasterSealedRecords.Kind.allCases {
            try await forEachValue(of: kind, exceptPrefix: nil) { value in
                guard (try? sealer.open(value.sealed, context: Self.context(kind, id: value.id))) != nil else {
                    throw MasterKeyRotationError.stillSealedByOldKey(kind: kind, id: value.id)
                }
                opened += 1
            }
        }
        return opened
    }

    /// Runs `body` on every value of `kind` (not starting with `exceptPrefix`), a page at a time.
    private func forEachValue(
        of kind: MasterSealedRecords.Kind,
        exceptPrefix: String?,
        _ body: (MasterSealedRecords.Value) async throws -> Void
    ) async throws {
        var after: String?
        while true {
            let cursor = after
            let page = try await store.withConnection {
                try await MasterSealedRecords($0).page(
                    kind,
                    after: cursor,
                    exceptPrefix: exceptPrefix,
                    limit: Self.pageSize
                )
            }
            guard let last = page.last else { return }
            for value in page { try await body(value) }
            after = last.id
        }
    }

    /// The associated data each kind binds its values to.
    static func context(_ kind: MasterSealedRecords.Kind, id: String) -> String {
        switch kind {
        case .apiSecret: MerchantAdministration.secretContext(keyID: id)
        case .cardholderApplicant: CardholderRegistry.applicantContext(cardholderNo: id)
        case .vaultKey: VaultKeyWrapper.context(keyID: id)
        }
    }
}

/// Why a master-key rotation stopped. The new key stays in the key file (it seals new secrets);
/// the old keys must stay too until a rotation completes.
public enum MasterKeyRotationError: Error, Sendable, CustomStringConvertible {
    /// A value opens under no key of the file: it was damaged or sealed by a key the file lost.
    case cannotOpen(kind: MasterSealedRecords.Kind, id: String)
    /// Values kept appearing under an old key: some process seals with a key file of its own.
    case notSettled(passes: Int)
    /// At the end a value still needed an old key (sealed by a process on another key file).
    case stillSealedByOldKey(kind: MasterSealedRecords.Kind, id: String)

    public var description: String {
        switch self {
        case .cannotOpen(let kind, let id):
            return "one of the \(kind.rawValue) (\(id)) opens under no key of the key file; nothing more was re-sealed"
        case .notSettled(let passes):
            return "secrets kept being sealed with an old key after \(passes) passes: does a process use "
                + "another copy of the key file? Give every process this file, then run the rotation again"
        case .stillSealedByOldKey(let kind, let id):
            return "one of the \(kind.rawValue) (\(id)) still needs an old key: keep the old keys and run the "
                + "rotation again (a process on another copy of the key file?)"
        }
    }
}
