public import ArgumentParser
import Foundation
import RapportConfig
public import RapportCore
import RapportStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load data into the store.",
        subcommands: [ImportCustomersCommand.self, ImportEventsCommand.self])
}

struct ImportCustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Create or update customers from a CSV or JSON Lines file.",
        discussion: """
            CSV needs a header row; JSON Lines has one object per line. Known columns: \
            \(CustomerRow.columns.sorted().joined(separator: ", ")). Any other column becomes a free \
            attribute that audiences and templates can use (attributes.<name>).

            Times are ISO 8601 with an offset (2026-11-20T09:30:00+07:00); dates are YYYY-MM-DD. A \
            customer is matched by id: values in the file replace stored ones, and empty or missing \
            values keep what is stored (so a partial export never wipes data or re-subscribes anyone).

            A row never undoes a customer's own unsubscribe (an unsubscribe link): subscription: \
            subscribed or unsubscribed_categories: none is not applied to them, the rest of the row is, \
            and the summary counts them. To re-subscribe someone who asked for it again, give the \
            consent column in your words (consent: signed form at the counter 2026-12-01); it is \
            recorded with the change (rapport customer show ID).

            Every bad row is reported as FILE:LINE: field: reason and skipped; good rows are imported in \
            one transaction. Control characters are refused in ids (names and attributes may hold tab \
            and line breaks); a line that is not UTF-8 is named and skipped; a second row for an id \
            already in the file is refused, naming the first; times must lie between 1900 and a day \
            after now. Exit status: 0 when every row was imported, 65 when some rows were skipped.

            Example:
              rapport import customers config/sample-customers.csv
            What it prints (--json: the same counts as one object, named as the HTTP API names them):
              config/sample-customers.csv: 3 customers imported (3 new, 0 updated), 0 rows skipped
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    @Option(help: "csv or jsonl; by default taken from the file name.")
    var format: CustomerImport.Format?

    @Flag(help: "Print the counts as one JSON object.")
    var json = false

    @OptionGroup var time: RecordedAtOption

    func run() async throws {
        let config = try global.loadConfig()
        guard let format = format ?? CustomerImport.format(forFileName: file) else {
            throw ValidationError("cannot tell the format of \(file); pass --format csv or --format jsonl")
        }
        let now = time.wallClock.now
        var result = CustomerImport.parse(
            try readLines(file), format: format, now: now, countryCode: config.phoneCountryCode)
        let store = try Store(config.store)
        let (summary, unreachable) = try store.upsert(
            result.rows.map(\.patch), at: now, origin: .importFile(path: file, lines: result.rows.map(\.line)))
        for row in result.rows where unreachable.contains(row.patch.id) {
            result.rejections.append(
                .init(line: row.line, reason: "email: an email or a phone is required for a new customer"))
        }
        for rejection in result.rejections.sorted(by: { $0.line < $1.line }) {
            printError("\(file):\(rejection.line): \(rejection.reason)")
        }
        for row in result.rows where summary.keptOwnChoice.contains(row.patch.id) {
            printError(
                "\(file):\(row.line): subscription: '\(row.patch.id)' unsubscribed through a link; kept unsubscribed (give a consent column to re-subscribe)"
            )
        }
        let counts = ImportSummary(
            file: file, skipped: result.rejections.count, customersCreated: summary.inserted,
            customersUpdated: summary.updated, keptUnsubscribed: summary.keptOwnChoice.count)
        print(json ? JSONLines.encode(counts) : counts.text)
        if !result.rejections.isEmpty { throw ExitCode.dataError }
    }
}

extension CustomerImport.Format: ExpressibleByArgument {}

struct ImportEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Record customer events (purchases, activity, interactions) from a JSON Lines file.",
        discussion: """
            One object per line: customer (id, required), kind (required), at (ISO 8601 with offset, \
            required, from 1900 to a day after now), id (the event's own id: importing it again is a \
            no-op; without one, an id derived from the content is used) and properties (text, numbers, \
            true/false). Each line is checked as POST /v1/events checks an event: a purchase needs an \
            amount of 0 or more, a renewal its renewal_date. Kinds \(CustomerEvent.activityKinds.sorted().joined(separator: " and ")) \
            move the customer's last activity forward, which re-arms win-back campaigns.

            Every bad line, and every event for a customer not in the store, is reported as \
            FILE:LINE: reason and skipped; good lines are recorded in one transaction. Exit status: 0 \
            when every line was recorded or already known, 65 when some lines were skipped.

            Example line:
              {"customer": "C001", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "id": "order-1042", "properties": {"amount": 350000}}
            What it prints (--json: the same counts as one object, named as the HTTP API names them):
              events.jsonl: 12 events recorded, 0 already known, 0 lines skipped
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The JSON Lines file to import.", valueName: "file"))
    var file: String

    @Flag(help: "Print the counts as one JSON object.")
    var json = false

    @OptionGroup var time: RecordedAtOption

    func run() async throws {
        let config = try global.loadConfig()
        let now = time.wallClock.now
        var result = EventImport.parse(try readLines(file), now: now)
        let store = try Store(config.store)
        let summary = try store.record(result.rows.map(\.event), at: now)
        for index in summary.unknownCustomers {
            let row = result.rows[index]
            result.rejections.append(
                .init(
                    line: row.line,
                    reason: "customer: '\(row.event.customerID)' is not in the store; import the customer first"))
        }
        for rejection in result.rejections.sorted(by: { $0.line < $1.line }) {
            printError("\(file):\(rejection.line): \(rejection.reason)")
        }
        let counts = ImportSummary(
            file: file, skipped: result.rejections.count, eventsRecorded: summary.recorded,
            eventsDuplicate: summary.duplicates)
        print(json ? JSONLines.encode(counts) : counts.text)
        if !result.rejections.isEmpty { throw ExitCode.dataError }
    }
}

/// Reads an import file line by line, so a line that is not UTF-8 is named and skipped, or ends
/// the command naming the file.
func readLines(_ file: String) throws -> ImportText {
    do {
        return ImportText(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
    } catch {
        printError("cannot read \(file): \(error.localizedDescription)")
        throw ExitCode.noInput
    }
}

/// Reads an import file, or ends the command naming it.
func readText(_ file: String) throws -> String {
    do {
        return try String(contentsOfFile: file, encoding: .utf8)
    } catch {
        printError("cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
        throw ExitCode.noInput
    }
}
