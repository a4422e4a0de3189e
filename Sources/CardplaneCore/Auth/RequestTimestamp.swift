/// The `Timestamp` header rule (spec §3): 13-digit Unix milliseconds, at most 60 s old and not in
/// the future beyond a small skew. Anything else is 1005.
public enum RequestTimestamp {
    /// Validates `header` against `nowMs` and returns the parsed value.
    ///
    /// - Throws: ``CardplaneError`` 1005 when the header is missing, malformed, too old or too far ahead.
    public static func validate(_ header: String?, nowMs: Int64) throws -> Int64 {
        guard let header, header.count == Limits.timestampDigits,
            header.allSatisfy({ ("0"..."9").contains($0) }), let value = Int64(header)
        else { throw CardplaneError(.timestampInvalid) }
        guard value >= nowMs - Limits.timestampAgeMaxMs, value <= nowMs + Limits.timestampFutureSkewMaxMs else {
            throw CardplaneError(.timestampInvalid)
        }
        return value
    }
}
