public import CardplaneCore
import NIOConcurrencyHelpers

/// A token bucket per client address, in this process's memory, for requests no Api-Key limits:
/// those naming an unknown key (key guessing) and the hosted card page (token and nonce guessing).
/// Per process on purpose: such floods are cheap to refuse, and sharing them would give an
/// attacker a database write per request. Requests whose address is unknown share one bucket.
public final class AddressRateLimiter: Sendable {
    public let policy: RateLimitPolicy
    /// Addresses tracked at most; past that, buckets that are full again (no state) are dropped
    /// first, then all of them (a flood from many addresses cannot grow memory without bound).
    let addressesMax: Int
    private let buckets = NIOLockedValueBox<[IPAddress?: TokenBucket]>([:])

    public init(policy: RateLimitPolicy, addressesMax: Int = 100_000) {
        self.policy = policy
        self.addressesMax = addressesMax
    }

    /// Takes one token for `address` at `nowMs`.
    public func take(_ address: IPAddress?, nowMs: Int64) -> RateLimitDecision {
        buckets.withLockedValue { buckets in
            if buckets[address] == nil, buckets.count >= addressesMax {
                buckets = buckets.filter { !$0.value.isFull(policy, nowMs: nowMs) }
                if buckets.count >= addressesMax { buckets.removeAll() }
            }
            var bucket = buckets[address] ?? TokenBucket(policy: policy, nowMs: nowMs)
            let decision = bucket.take(policy, nowMs: nowMs)
            buckets[address] = bucket
            return decision
        }
    }
}
