/// Every migration, in order. Append only: a released migration is never edited.
public enum Migrations {
    public static let all: [Migration] = [
        merchantsAndCredentials,
        cardCatalog,
        cardholders,
        ledger,
        cards,
        transactions,
        pci,
        edge,
        activationLock,
        masterKeySentinel,
        idempotentRequests,
        listsAtAnyDepth,
        auditLog,
        consoleOperators,
        outboxLanes,
        listDayCounts,
        cacheListeners,
    ]
}
