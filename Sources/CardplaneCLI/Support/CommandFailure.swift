import ArgumentParser
import CardplaneCore
import CardplaneIssuer

/// A command whose arguments were right but whose work was refused or failed: `no merchant with
/// that number`, `3001 Currency not supported by merchant`. ArgumentParser prints `Error: ` and the
/// description and exits 1, without the usage text, which is for mistakes in the arguments
/// (`ValidationError`).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Runs `body`, turning the use cases' refusals into ``CommandFailure``: a Cardplane error code as
/// `<code> <English text>`, the operator errors by their own description.
func reportingRefusals<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as CardplaneError {
        throw CommandFailure("\(error.code.rawValue) \(error.message(in: .english))")
    } catch let error as AdministrationError {
        throw CommandFailure(error.description)
    } catch let error as TreasuryError {
        throw CommandFailure(error.description)
    } catch let error as TransactionError {
        throw CommandFailure(error.description)
    } catch let error as ConsoleAccess.AccountError {
        throw CommandFailure(error.description)
    }
}
