/// Why an operator's command was refused. Messages are for the operator's terminal.
public enum AdministrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case merchantNotFound
    case merchantClosed
    case keyNotFound
    case blockNotFound
    case invalidName
    case allowlistFull
    case expiryInPast
    case binNotFound
    case binTaken
    case packageNotFound
    case productModeMismatch
    case limitBelowIssued(issued: Int64)
    case invalidCatalogEntry(String)
    case invalidCallbackURL
    case insecureCallbackURL
    case callbackNotFound
    case cardNotFound
    case invalidPCISetting(String)

    public var description: String {
        switch self {
        case .merchantNotFound: return "no merchant with that number"
        case .merchantClosed: return "the merchant is closed; closing cannot be undone"
        case .keyNotFound: return "no enabled key with that id for this merchant"
        case .blockNotFound: return "that block is not on the merchant's allowlist"
        case .invalidName: return "the name must be 1 to 128 characters"
        case .allowlistFull: return "the allowlist already holds the maximum number of blocks"
        case .expiryInPast: return "the expiry must be in the future"
        case .binNotFound: return "no BIN with that number"
        case .binTaken: return "a BIN with those digits exists"
        case .packageNotFound: return "no package with that number"
        case .productModeMismatch:
            return "packages go to credit-extension merchants, BINs to authorization merchants"
        case .limitBelowIssued(let issued): return "the merchant already holds \(issued) cards on it"
        case .invalidCatalogEntry(let reason): return reason
        case .invalidCallbackURL:
            return "the callback URL must be an absolute https URL (host name or IP, optional port, path)"
        case .insecureCallbackURL:
            return "callbacks go to https:// URLs only; http:// is for a server run with --sandbox (pass --sandbox)"
        case .callbackNotFound: return "no callback with that id"
        case .cardNotFound: return "no card with that number"
        case .invalidPCISetting(let reason): return reason
        }
    }
}
