/// Comparisons of secrets whose running time does not depend on where the inputs first differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. Time depends only on the lengths.
    ///
    /// Inlinable so callers get a version specialized for their collections: the generic one walks
    /// bytes through witness tables, which costs more than a request's hashing.
    @inlinable
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
