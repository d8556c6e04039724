public import ArgumentParser
import Foundation
import RapportConfig
public import RapportCore
import RapportStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the send ledger: every occurrence and what became of it.",
        discussion: """
            Newest first. Statuses: sending (handed to the transport, outcome not yet recorded), sent, \
            failed, skipped (the customer's data could not make a message; the reply column says why).

            Examples:
              rapport log --status failed
              rapport log --campaign welcome --since 7d
              rapport log --customer C001 --json | jq .reply
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this campaign id.")
    var campaign: String?

    @Option(help: "Only this customer id.")
    var customer: String?

    @Option(help: "Only this status: \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
    var status: DeliveryStatus?

    @Option(
        help: ArgumentHelp(
            "Only rows created since then: a time (2026-11-20T00:00:00+07:00), a date (2026-11-20, in the default time zone) or an age (36h, 7d).",
            valueName: "when"))
    var since: String?

    @Option(help: "At most this many rows.")
    var limit = 100

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @OptionGroup var time: NowOption

    func run() async throws {
        let config = try global.loadConfig()
        let store = try Store(path: config.storePath, access: .readOnly)
        let filter = LedgerFilter(
            campaignID: campaign, customerID: customer, status: status,
            since: try since.map { try sinceDate($0, zone: config.defaultTimeZone) }, limit: limit)
        let entries = try store.ledger(filter)
        if json {
            for entry in entries { print(JSONLines.encode(entry)) }
            return
        }
        var table = TextTable(columns: ["TIME", "CAMPAIGN", "CUSTOMER", "OCCURRENCE", "STATUS", "TRIES", "TO", "REPLY"])
        for entry in entries {
            table.add([
                Timestamp.format(entry.lastAttemptAt ?? entry.createdAt), entry.campaignID, entry.customerID,
                entry.occurrence.rawValue, entry.status.rawValue, String(entry.attempts), entry.recipient ?? "",
                entry.reply ?? "",
            ])
        }
        print(table.render(), terminator: "")
        print(
            "\(entries.count) row\(entries.count == 1 ? "" : "s")\(entries.count == limit ? " (limit reached; use --limit)" : "")"
        )
    }

    func sinceDate(_ text: String, zone: TimeZone) throws -> Date {
        if let instant = Timestamp.parse(text) { return instant }
        if let date = LocalDate(text) { return date.start(in: zone) }
        if let age = TimeSpan(text) { return time.wallClock.now.addingTimeInterval(-age.timeInterval) }
        throw ValidationError("--since '\(text)' is not a time, a YYYY-MM-DD date or an age such as 7d")
    }
}

extension DeliveryStatus: ExpressibleByArgument {}
