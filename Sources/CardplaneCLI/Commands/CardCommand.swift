import ArgumentParser
import CardplaneIssuer

/// `card unlock-activation`: what operators do to one card.
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Operator actions on one card.",
        subcommands: [UnlockActivation.self]
    )

    struct UnlockActivation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlock-activation",
            abstract: "Let a physical card locked after 5 wrong CVVs be activated again (the count starts over)."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Card number (card_no).") var card: String

        func run() async throws {
            let cardNo = card
            try await administer(storeOptions) { try await $0.unlockActivation(cardNo: cardNo) }
            Output.line("Activation of \(cardNo) is unlocked.")
        }
    }
}
