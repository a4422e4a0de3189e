extension Migrations {
    /// Which master keys sealed this database's secrets (issue #13).
    ///
    /// `master_key_sentinel` holds, per master key id, a known text sealed with that key: a process
    /// whose key file lacks one of these keys, or holds a different key under its id, refuses to
    /// start instead of failing on the first secret it cannot open.
    static let masterKeySentinel = Migration(
        version: 10,
        name: "master_key_sentinel",
        statements: [
            """
            CREATE TABLE master_key_sentinel (
                key_id TEXT PRIMARY KEY,
                sealed TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL
            )
            """
        ]
    )
}
