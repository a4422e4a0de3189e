extension OperatorMetrics {
    /// Every metric's name, as Prometheus shows it. `docs/operating/metrics.md` describes each.
    public enum Name {
        /// Histogram of request durations, by matched `route` and answer `code`.
        public static let requestDuration = "cardplane_http_request_duration_seconds"
        /// Requests the auth chain refused, by `code` (1002, 1003, 1010, …).
        public static let authRefusals = "cardplane_auth_refusals_total"
        /// Requests refused 1009 by a rate limit (per key, or per address for unknown keys).
        public static let rateLimited = "cardplane_rate_limited_total"
        /// Card authorizations decided, by `outcome` (approved, declined, error) and decline `reason`.
        public static let authorizations = "cardplane_authorizations_total"
        /// Histogram of the time from an authorization's arrival to its decision.
        public static let authorizationDuration = "cardplane_authorization_decision_duration_seconds"
        /// Histogram of the merchant's time to answer an `Auth` callback (authorization mode).
        public static let merchantAnswerDuration = "cardplane_merchant_auth_callback_duration_seconds"
        /// `Auth` callbacks the merchant did not answer within its budget (declined as a timeout).
        public static let merchantAnswerTimeouts = "cardplane_merchant_auth_callback_timeouts_total"
        /// Callback delivery attempts, by `outcome` (delivered, retry, dead).
        public static let callbackDeliveries = "cardplane_callback_deliveries_total"
        /// Callbacks not delivered yet (pending, retried on schedule).
        public static let callbackQueueDepth = "cardplane_callback_queue_depth"
        /// Seconds since the oldest undelivered callback's event; 0 when none waits.
        public static let callbackOldestAge = "cardplane_callback_oldest_undelivered_age_seconds"
        /// Callbacks that exhausted their retries and wait for an operator's replay.
        public static let callbackDead = "cardplane_callback_dead"
        /// Cardholders whose KYC decision is pending.
        public static let kycQueueDepth = "cardplane_kyc_queue_depth"
        /// Physical cards in production.
        public static let cardProductionQueueDepth = "cardplane_card_production_queue_depth"
        /// Transfers committed (cardholder `In`/`Out`).
        public static let transfers = "cardplane_transfers_total"
        /// Authorization holds committed.
        public static let holds = "cardplane_holds_total"
        /// Holds not yet captured, voided or expired.
        public static let openHolds = "cardplane_open_holds"
        /// Database connections in use by this server.
        public static let databaseConnectionsInUse = "cardplane_database_connections_in_use"
        /// Merchant calls whose audit record could not be written (their answer went out regardless).
        public static let auditAppendFailures = "cardplane_audit_append_failures_total"
        /// Problems the last `cardplane ledger verify --textfile` found (written by the command).
        public static let ledgerVerifyProblems = "cardplane_ledger_verify_problems"
        /// When that run finished, in Unix seconds.
        public static let ledgerVerifyFinished = "cardplane_ledger_verify_last_run_timestamp_seconds"
        /// Histogram of the wait for a database connection.
        public static let databaseConnectionWait = "cardplane_database_connection_wait_seconds"
        /// ISO 8583 requests answered, by request `mti` and answer `code` (DE 39); frames that could
        /// not be read as a message count as `mti="unreadable"`, `code="none"`.
        public static let iso8583Messages = "cardplane_iso8583_messages_total"
        /// Histogram of the time from an ISO 8583 request's arrival to its answer, by request `mti`.
        public static let iso8583MessageDuration = "cardplane_iso8583_message_duration_seconds"
        /// ISO 8583 connections open.
        public static let iso8583Connections = "cardplane_iso8583_connections"
    }
}
