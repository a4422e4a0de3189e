import CoreMetrics

extension OperatorMetrics {
    /// One answered request: its matched route (`NotFound` when none matched) and answer code.
    public func request(route: String, code: Int, duration: Duration) {
        requestTimer(route: route, code: code).record(duration)
    }

    /// A request the auth chain refused with `code`.
    public func authRefused(code: Int) {
        counter(Name.authRefusals, [("code", String(code))]).increment()
    }

    /// A request refused by a rate limit.
    public func rateLimitRefused() {
        rateLimited.increment()
    }

    /// One authorization decided: `declineReason` is nil when approved; `failed` when it ended in
    /// an error instead of a decision.
    public func authorization(declineReason: String?, failed: Bool = false, duration: Duration) {
        let outcome = failed ? "error" : declineReason == nil ? "approved" : "declined"
        counter(Name.authorizations, [("outcome", outcome), ("reason", declineReason ?? "none")]).increment()
        timer(Name.authorizationDuration, []).record(duration)
    }

    /// The merchant's answer to an `Auth` callback took `duration`; `timedOut` when none came in time.
    public func merchantAnswer(duration: Duration, timedOut: Bool) {
        merchantAnswers.record(duration)
        if timedOut { merchantAnswerTimeouts.increment() }
    }

    /// `count` callback delivery attempts ended with `outcome` (delivered, retry or dead).
    public func callbackDelivery(outcome: String, count: Int = 1) {
        if count > 0 { counter(Name.callbackDeliveries, [("outcome", outcome)]).increment(by: count) }
    }

    /// `count` transfers committed.
    public func transfersCommitted(_ count: Int) {
        if count > 0 { transfers.increment(by: count) }
    }

    /// `count` authorization holds committed.
    public func holdsCommitted(_ count: Int) {
        if count > 0 { holds.increment(by: count) }
    }

    /// A database connection was handed out after `waited`; pair with ``connectionReleased()``.
    public func connectionAcquired(waited: Duration) {
        connectionsInUse.increment()
        connectionWait.record(waited)
    }

    /// A database connection went back to the pool.
    public func connectionReleased() {
        connectionsInUse.decrement()
    }

    /// A merchant call's audit record could not be written.
    public func auditAppendFailed() {
        auditFailures.increment()
    }

    /// An ISO 8583 request of type `mti` answered with `code` (DE 39) after `duration`. Types other
    /// than those the listener reads are counted as `other`, so a peer cannot grow the label set.
    public func iso8583Message(mti: String, code: String, duration: Duration) {
        let type = Self.iso8583RequestTypes.contains(mti) ? mti : "other"
        counter(Name.iso8583Messages, [("mti", type), ("code", code)]).increment()
        timer(Name.iso8583MessageDuration, [("mti", type)]).record(duration)
    }

    /// A frame that could not be read as an ISO 8583 message (its connection is closed).
    public func iso8583Unreadable() {
        counter(Name.iso8583Messages, [("mti", "unreadable"), ("code", "none")]).increment()
    }

    /// An ISO 8583 connection opened (`opened`) or closed.
    public func iso8583Connection(opened: Bool) {
        if opened { iso8583Connections.increment() } else { iso8583Connections.decrement() }
    }

    static let iso8583RequestTypes: Set<String> = ["0100", "0120", "0220", "0400", "0800"]

    /// What waits in the queues, read when metrics are collected.
    public func record(_ backlog: Backlog) {
        self.backlog.record(backlog)
    }
}
