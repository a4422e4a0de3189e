extension Migrations {
    /// Physical card activation locks after repeated wrong CVVs (issue #13).
    ///
    /// `card.activation_failures` counts wrong CVVs sent to `card/active`; when it reaches the limit
    /// `activation_locked_at_ms` is set and activation is refused until an operator unlocks it.
    static let activationLock = Migration(
        version: 9,
        name: "activation_lock",
        statements: [
            "ALTER TABLE card ADD COLUMN activation_failures INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE card ADD COLUMN activation_locked_at_ms BIGINT",
        ]
    )
}
