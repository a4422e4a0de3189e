public import CardplaneCore
import Foundation

/// The postal data shipped with Cardplane (`Resources/postal`, see its NOTICE): every US ZIP code
/// with its state and accepted city names, derived from the `zipcodes` package (MIT).
public enum PostalData {
    /// The directory, parsed once, when the server's services are built at start. A missing or
    /// unreadable resource is a broken build: the process stops rather than accept every address.
    public static let directory: PostalDirectory = {
        guard let url = Bundle.module.url(forResource: "us-zip", withExtension: "tsv", subdirectory: "postal"),
            let text = try? String(contentsOf: url, encoding: .utf8),
            let directory = try? PostalDirectory(usZIPTable: text)
        else { preconditionFailure("the bundled US ZIP table is missing or malformed") }
        return directory
    }()
}
