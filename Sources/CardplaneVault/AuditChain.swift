public import CardplaneCore
import Crypto

/// The hash that links an audit record to the one before it: lowercase hex SHA-256 of its fields
/// (``AuditRecord/hashedFields``, the previous record's hash last), each length-prefixed so no two
/// different records can run together into one input. Editing any field, or removing a record,
/// breaks the chain from there on.
public enum AuditChain {
    public static func hash(of record: AuditRecord) -> String {
        var hasher = SHA256()
        for field in record.hashedFields {
            let bytes = Array(field.utf8)
            hasher.update(data: Array(String(bytes.count).utf8) + [0x3A])
            hasher.update(data: bytes)
        }
        return hasher.finalize().hexString
    }

    /// `record` with its hash set.
    public static func sealed(_ record: AuditRecord) -> AuditRecord {
        var record = record
        record.hash = hash(of: record)
        return record
    }
}
