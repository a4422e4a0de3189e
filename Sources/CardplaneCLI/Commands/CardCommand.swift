import ArgumentParser
import CardplaneApp
import CardplaneIssuer
import Logging

/// `card unlock-activation|freeze|unfreeze`: what operators do to one card.
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Operator actions on one card.",
        subcommands: [UnlockActivation.self, Freeze.self, Unfreeze.self]
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

    struct Freeze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Freeze a card of any merchant (declines its payments until unfrozen); the merchant gets Card_update."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Card number (card_no).") var card: String

        func run() async throws {
            try await CardCommand.change(storeOptions, cardNo: card, .freeze)
            Output.line("Card \(card) is frozen.")
        }
    }

    struct Unfreeze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unfreeze a frozen card; the merchant gets Card_update."
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Card number (card_no).") var card: String

        func run() async throws {
            try await CardCommand.change(storeOptions, cardNo: card, .unfreeze)
            Output.line("Card \(card) is active again.")
        }
    }

    /// Runs ``CardManagement/change(cardNo:_:by:)`` as the OS user running the command.
    static func change(
        _ storeOptions: StoreOptions,
        cardNo: String,
        _ action: CardManagement.OperatorAction
    )
        async throws
    {
        let logger = LoggingSetup.bootstrap(level: .warning)
        let keyRing = try storeOptions.keyRing()
        try await reportingRefusals {
            try await storeOptions.withStore(logger: logger, keyRing: keyRing) { store in
                let services = try CardplaneServices(
                    configuration: ServerConfiguration(),
                    store: store,
                    masterKeys: keyRing,
                    logger: logger
                )
                _ = try await services.cards.change(cardNo: cardNo, action, by: OperatorIdentity.user)
            }
        }
    }
}
