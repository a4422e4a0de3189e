/// A two-phase hold on an account (TigerBeetle's pending transfer): money reserved now, then
/// posted (possibly less than held), voided, or expired.
public struct Hold: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case pending
        case posted
        case voided
        case expired
    }

    public var holdID: String
    public var accountID: String
    public var amountMinor: Int64
    public var state: State
    /// When a pending hold may be expired, Unix milliseconds. It keeps reducing the available
    /// balance until something resolves it (an expiry sweep arrives with card authorizations).
    public var expiresAtMs: Int64

    public init(holdID: String, accountID: String, amountMinor: Int64, state: State, expiresAtMs: Int64) {
        precondition(amountMinor > 0, "a hold reserves a positive amount")
        self.holdID = holdID
        self.accountID = accountID
        self.amountMinor = amountMinor
        self.state = state
        self.expiresAtMs = expiresAtMs
    }

    /// What to do with a pending hold.
    public enum Resolution: Sendable, Equatable {
        /// Take `amountMinor` (at most the held amount) from the account; release the rest.
        case post(amountMinor: Int64)
        case void
        case expire
    }

    /// Applies `resolution` at `nowMs`, returning the amount to post (0 for void and expire).
    ///
    /// - Throws: ``HoldError`` when the hold is not pending, a post comes after expiry or asks for
    ///   more than was held, or an expiry comes early. The caller maps these to its own codes.
    public mutating func resolve(_ resolution: Resolution, nowMs: Int64) throws -> Int64 {
        guard state == .pending else { throw HoldError.notPending(state) }
        switch resolution {
        case .post(let amountMinor):
            guard nowMs < expiresAtMs else { throw HoldError.expired }
            guard amountMinor > 0, amountMinor <= self.amountMinor else { throw HoldError.postExceedsHold }
            state = .posted
            return amountMinor
        case .void:
            state = .voided
            return 0
        case .expire:
            guard nowMs >= expiresAtMs else { throw HoldError.notYetExpired }
            state = .expired
            return 0
        }
    }
}

/// Why a hold cannot be resolved as asked.
public enum HoldError: Error, Sendable, Equatable {
    case notPending(Hold.State)
    case expired
    case postExceedsHold
    case notYetExpired
}
