import CardplaneNetwork

/// How a card provider's failure may appear in a log: Cardplane's own errors describe themselves
/// without card data; any other error (an adapter's, which might echo the request with its PAN) is
/// named by its type only.
enum ProviderFailure {
    static func loggable(_ error: any Error) -> String {
        switch error {
        case let refusal as CardProviderError: return refusal.description
        case is DeadlineExceeded: return "deadline exceeded"
        default: return String(reflecting: type(of: error))
        }
    }
}
