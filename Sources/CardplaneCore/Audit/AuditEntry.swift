/// One line of the audit log: who did what to which object, when, and how it ended.
///
/// Only identifiers enter it: the action is a command path or a route template, the object a
/// public number (merchant, card, cardholder, key id, or the merchant's own reference), the
/// outcome `ok` or an answer code. Never a body, a header, a PAN, a CVV, a PIN or a secret.
public struct AuditEntry: Sendable, Equatable {
    /// Who acted.
    public enum Actor: Sendable, Equatable {
        /// An operator running `cardplane`: the OS user and the host it ran on.
        case `operator`(user: String, host: String)
        /// A merchant's API call, by the id of the key it authenticated with.
        case merchant(keyID: String, merchantNo: String)

        /// `operator` or `merchant`.
        public var type: String {
            switch self {
            case .operator: "operator"
            case .merchant: "merchant"
            }
        }

        /// `user@host`, or the key id.
        public var name: String {
            switch self {
            case .operator(let user, let host): "\(user)@\(host)"
            case .merchant(let keyID, _): keyID
            }
        }

        /// The merchant the call was made for; `nil` for an operator.
        public var merchantNo: String? {
            switch self {
            case .operator: nil
            case .merchant(_, let merchantNo): merchantNo
            }
        }
    }

    public var occurredAtMs: Int64
    public var actor: Actor
    /// `merchant key revoke`, `POST /open-api/v1/account/transfer`, …
    public var action: String
    /// The object acted on, as `kind:number` (`merchant:M…`, `card_no:…`); `nil` when none.
    public var object: String?
    /// `ok`, `failed: <reason>` for an operator command, or the envelope code of a merchant call.
    public var outcome: String

    public init(occurredAtMs: Int64, actor: Actor, action: String, object: String?, outcome: String) {
        self.occurredAtMs = occurredAtMs
        self.actor = actor
        self.action = action
        self.object = object
        self.outcome = outcome
    }
}

/// An audit entry as the log holds it: its place in the chain and the hashes that link it.
public struct AuditRecord: Sendable, Equatable {
    /// 1, 2, 3, … with no gaps.
    public var sequence: Int64
    public var occurredAtMs: Int64
    public var actorType: String
    public var actor: String
    public var merchantNo: String?
    public var action: String
    public var object: String?
    public var outcome: String
    /// The hash of the record before it (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over this record's fields and `previousHash`.
    public var hash: String

    public init(
        sequence: Int64,
        occurredAtMs: Int64,
        actorType: String,
        actor: String,
        merchantNo: String?,
        action: String,
        object: String?,
        outcome: String,
        previousHash: String,
        hash: String
    ) {
        self.sequence = sequence
        self.occurredAtMs = occurredAtMs
        self.actorType = actorType
        self.actor = actor
        self.merchantNo = merchantNo
        self.action = action
        self.object = object
        self.outcome = outcome
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The record `entry` becomes at `sequence` after `previousHash`, before its hash is known.
    public init(_ entry: AuditEntry, sequence: Int64, previousHash: String) {
        self.init(
            sequence: sequence,
            occurredAtMs: entry.occurredAtMs,
            actorType: entry.actor.type,
            actor: entry.actor.name,
            merchantNo: entry.actor.merchantNo,
            action: entry.action,
            object: entry.object,
            outcome: entry.outcome,
            previousHash: previousHash,
            hash: ""
        )
    }

    /// The fields the hash covers, in order; `previousHash` last. Absent values are empty.
    public var hashedFields: [String] {
        [
            String(sequence), String(occurredAtMs), actorType, actor, merchantNo ?? "", action, object ?? "",
            outcome, previousHash,
        ]
    }

    /// The first record's `previousHash`.
    public static let genesisHash = String(repeating: "0", count: 64)
}
