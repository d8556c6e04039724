import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "One customer's data: show it, export it, erase it.",
        discussion: """
            What an access request ("what do you hold about me?") or an erasure request ("delete my \
            data") needs; see the README's "Personal data" section.
            """,
        subcommands: [CustomerShowCommand.self, CustomerExportCommand.self, CustomerEraseCommand.self])
}

struct CustomerShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything held about one customer: fields, consent history, events, survey answers, messages.",
        discussion: """
            Prints the customer's fields and attributes, whether they are subscribed and which \
            categories they decline, then every change of that, oldest first: when, the state after \
            it, where it came from (an unsubscribe link, one-click, an import file and line, an API \
            client) and, for a re-subscription, the consent it named. Changes the customer made \
            themself are marked "own": an import or API call does not undo them unless it names the \
            consent (see rapport import customers --help). Then their events, survey answers (with \
            comments), every ledger row (address used, transport, outcome), opens and clicks, and \
            suppression entries of their addresses. --json prints the same as one object, as \
            rapport customer export writes it.

            Examples:
              rapport customer show C001
              rapport customer show C001 --json | jq '.messages[] | {campaign_id, status, recipient}'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The customer's id.", valueName: "id"))
    var id: String

    @Flag(help: "Print one JSON object (the export's document).")
    var json = false

    @OptionGroup var zone: UTCOption

    func run() async throws {
        let config = try global.loadConfig()
        let times = zone.times(config)
        let store = try Store(config.store, access: .readOnly)
        let record = try CustomerRecord.required(id, in: store, config: config)
        if json {
            print(JSONLines.encode(record, times: times))
            return
        }
        let customer = record.customer
        let address = [customer.email, customer.phone].compactMap { $0 }.joined(separator: ", ")
        print(
            "\(customer.id) <\(address)>: \(Self.state(SubscriptionStatus(rawValue: customer.subscription) ?? .subscribed, Set(customer.unsubscribedCategories.compactMap(MessageCategory.init))))"
        )
        let fields: [(String, String?)] =
            [
                ("name", [customer.lastName, customer.firstName].compactMap { $0 }.joined(separator: " ")),
                ("locale", customer.locale), ("time zone", customer.timeZone), ("birthday", customer.birthday),
                ("signed up", customer.signedUpAt.map(times.format)),
                ("last active", customer.lastActiveAt.map(times.format)), ("renewal date", customer.renewalDate),
            ] + customer.attributes.keys.sorted().map { ("attributes.\($0)", customer.attributes[$0]?.description) }
        for (name, value) in fields where !(value ?? "").isEmpty { print("  \(name): \(value!)") }
        section("consent changes", ["WHEN", "STATE", "BY", "SOURCE"], record.consent) { change in
            [
                times.format(change.at),
                Self.state(
                    SubscriptionStatus(rawValue: change.subscription) ?? .subscribed,
                    Set(change.declined.compactMap(MessageCategory.init))),
                change.byCustomer ? "own" : "other", change.source + (change.consent.map { "; consent: \($0)" } ?? ""),
            ]
        }
        section("events", ["WHEN", "KIND", "ID", "PROPERTIES"], record.events) { event in
            [times.format(event.occurredAt), event.kind, event.id ?? "", JSONLines.encode(event.properties)]
        }
        section("survey answers", ["WHEN", "CAMPAIGN", "SCORE", "COMMENT"], record.surveyAnswers) { answer in
            [times.format(answer.answeredAt), answer.campaignID, String(answer.score), answer.comment ?? ""]
        }
        section("messages", ["WHEN", "CAMPAIGN", "OCCURRENCE", "STATUS", "TRANSPORT", "TO"], record.messages) { entry in
            [
                times.format(entry.lastAttemptAt ?? entry.createdAt), entry.campaignID, entry.occurrence.rawValue,
                entry.status.rawValue, entry.transport ?? "", entry.recipient ?? "",
            ]
        }
        section("opens and clicks", ["WHEN", "CAMPAIGN", "KIND", "URL"], record.messageEvents) { event in
            [times.format(event.at), event.campaignID, event.kind, event.url ?? ""]
        }
        section("suppressions", ["SINCE", "ADDRESS", "REASON"], record.suppressions) { suppression in
            [times.format(suppression.createdAt), suppression.address, suppression.reason]
        }
    }

    /// A table under its title, or a line saying there is none.
    private func section<Item>(_ title: String, _ columns: [String], _ items: [Item], row: (Item) -> [String]) {
        guard !items.isEmpty else {
            print("no \(title)")
            return
        }
        print("\(title):")
        var table = TextTable(columns: columns, wholeLastColumn: true)
        for item in items { table.add(row(item)) }
        print(table.render(), terminator: "")
    }

    static func state(_ subscription: SubscriptionStatus, _ declined: Set<MessageCategory>) -> String {
        declined.isEmpty
            ? subscription.rawValue
            : "\(subscription.rawValue), declines \(declined.map(\.rawValue).sorted().joined(separator: ","))"
    }
}

struct CustomerExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write everything held about one customer to a JSON file for them.",
        discussion: """
            The same document as rapport customer show --json, written owner-only (0600) to FILE: \
            what a business hands a customer who asks for their data (Vietnam's Decree 13/2023/ND-CP, \
            the GDPR's right of access). FILE is replaced if it exists.

            Example:
              rapport customer export C001 --out /tmp/C001.json
            What it prints:
              C001: 1 customer, 3 consent changes, 12 events, 1 survey answer, 9 messages written to /tmp/C001.json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The customer's id.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Where to write the document.", valueName: "file"))
    var out: String

    func run() async throws {
        let config = try global.loadConfig()
        let store = try Store(config.store, access: .readOnly)
        let record = try CustomerRecord.required(id, in: store, config: config)
        let created = FileManager.default.createFile(
            atPath: out,
            contents: Data((JSONLines.encode(record, times: ReadableTime(zone: config.defaultTimeZone)) + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        guard created else {
            printError("cannot write \(out)")
            throw ExitCode.cannotCreate
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
        print(
            "\(id): 1 customer, \(counted(record.consent.count, "consent change")), \(counted(record.events.count, "event")), \(counted(record.surveyAnswers.count, "survey answer")), \(counted(record.messages.count, "message")) written to \(out)"
        )
    }
}

struct CustomerEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one customer's personal data, keeping the reports' counts and the sends' history anonymous.",
        discussion: """
            In one transaction: names, email, phone, birthday, attributes, event properties (a \
            purchase keeps its amount), survey comments and what the ledger showed of messages \
            (address, subject, replies) are removed; ledger rows, events, answers and consent changes \
            stay under a one-way pseudonym, so reports keep their counts and a re-import of the same \
            id never gets a past occurrence again. The email and phone go on the suppression list as \
            hashes only: a customer imported again from an old export is not messaged — and is \
            stored unsubscribed — until an import row or API call names their new consent. The \
            erasure is recorded (when, reason, who) without the data. It cannot be undone: export \
            first if the customer asked for a copy. The store's backups still hold the data until \
            they are rotated.

            Example:
              rapport customer erase C001 --reason "asked by email 2026-12-01, ticket 4411"
            What it prints:
              C001 erased as erased-3f9a…: 9 ledger rows, 12 events, 1 survey answer kept anonymous; 2 addresses suppressed by hash
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The customer's id.", valueName: "id"))
    var id: String

    @Option(help: "Why, as recorded with the erasure (the request, its date, a ticket).")
    var reason: String

    @Flag(help: "Print what was erased as one JSON object, as DELETE /v1/customers/ID answers.")
    var json = false

    /// The erased customer's id beside the counts, under the names the HTTP API's erasure gives them.
    struct Erased: Encodable {
        var erased: String
        var summary: ErasureSummary

        enum CodingKeys: CodingKey { case erased }

        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(erased, forKey: .erased)
        }
    }

    @OptionGroup var time: NowOption

    func run() async throws {
        let config = try global.loadConfig()
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("give the reason, e.g. --reason \"asked by email, ticket 4411\"")
        }
        let store = try Store(config.store)
        let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"]
        guard
            let summary = try store.erase(
                customerID: id, reason: reason, by: "command line (\(user ?? "unknown user"))", at: time.wallClock.now)
        else {
            printError("no customer '\(id)' in \(config.storePath)")
            throw ExitCode.dataError
        }
        if json {
            print(JSONLines.encode(Erased(erased: id, summary: summary)))
            return
        }
        print(
            "\(id) erased as \(summary.pseudonym): \(counted(summary.ledgerRows, "ledger row")), \(counted(summary.events, "event")), \(counted(summary.surveyAnswers, "survey answer")) kept anonymous; \(counted(summary.suppressedAddresses, "address", plural: "addresses")) suppressed by hash"
        )
    }
}

extension CustomerRecord {
    /// The record, or exit 65 naming the store when there is no such customer.
    static func required(_ id: String, in store: Store, config: DaemonConfig) throws -> CustomerRecord {
        guard let record = try store.customerRecord(id: id) else {
            printError("no customer '\(id)' in \(config.storePath)")
            throw ExitCode.dataError
        }
        return record
    }
}
