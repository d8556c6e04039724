import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Look at one customer in the store.",
        subcommands: [CustomerShowCommand.self])
}

struct CustomerShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A customer's subscription and consent history.",
        discussion: """
            Prints whether the customer is subscribed and which categories they decline, then every \
            change of that, oldest first: when, the state after it, where it came from (an unsubscribe \
            link, one-click, an import file and line, an API client) and, for a re-subscription, the \
            consent it named. Changes the customer made themself are marked "own": an import or API \
            call does not undo them unless it names the consent (see rapport import customers --help).

            Example:
              rapport customer show C001
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The customer's id.", valueName: "id"))
    var id: String

    func run() async throws {
        let config = try global.loadConfig()
        let store = try Store(path: config.storePath)
        guard let customer = try store.customer(id: id) else {
            printError("no customer '\(id)' in \(config.storePath)")
            throw ExitCode(65)
        }
        let addresses = [customer.email.map { "<\($0)>" }, customer.phone].compactMap(\.self).joined(separator: " ")
        print("\(customer.id) \(addresses): \(Self.state(customer.subscription, customer.unsubscribedCategories))")
        let history = try store.consentHistory(of: id)
        guard !history.isEmpty else {
            print("no consent changes recorded")
            return
        }
        var table = TextTable(columns: ["WHEN", "STATE", "BY", "SOURCE"], wholeLastColumn: true)
        for change in history {
            table.add([
                Timestamp.format(change.at), Self.state(change.subscription, change.declined),
                change.byCustomer ? "own" : "other",
                change.source + (change.consent.map { "; consent: \($0)" } ?? ""),
            ])
        }
        print(table.render(), terminator: "")
    }

    static func state(_ subscription: SubscriptionStatus, _ declined: Set<MessageCategory>) -> String {
        declined.isEmpty
            ? subscription.rawValue
            : "\(subscription.rawValue), declines \(declined.map(\.rawValue).sorted().joined(separator: ","))"
    }
}
