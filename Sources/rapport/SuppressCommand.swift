import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct SuppressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppress",
        abstract: "Manage the suppression list: addresses no campaign ever sends to.",
        discussion: """
            A message to a listed address is not sent: it is recorded 'suppressed' in the ledger, with \
            the list's reason, whatever its campaign (transactional included). Addresses are compared \
            without case. The delivery workers add an address themselves when a server rejects it for \
            good with a 5.1.x code (no such mailbox, RFC 3463), with the server's reply as the reason.

            Examples:
              rapport suppress add lan@example.vn --reason "asked by phone, ticket 4411"
              rapport suppress import bounces.csv
              rapport suppress list
              rapport suppress remove lan@example.vn
            """,
        subcommands: [
            SuppressAddCommand.self, SuppressRemoveCommand.self, SuppressListCommand.self, SuppressImportCommand.self,
        ])
}

struct SuppressAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Put addresses on the suppression list.",
        discussion: """
            Every argument must be an email address (local@domain), a phone number (0912 345 678 or \
            +84912345678, stored as E.164; a leading 0 takes phone_country_code), or transport:number \
            for one channel only (zalo:+84912345678); a bad one is reported as \
            'error: address "…" reason; skipped' and the others are added in one transaction. An address \
            already listed keeps its first reason and date. Queued and retrying messages to an added \
            address are suppressed when their turn comes.

            Exit status: 0 when every address was added or already listed, 65 when some were skipped.

            Example:
              rapport suppress add lan@example.vn minh@example.com --reason complaint
              rapport suppress add "0912 345 678" --reason "replied STOP"
            What it prints (--json: {"added": 2, "already_listed": 0, "skipped": 0}):
              2 addresses added, 0 already listed, 0 skipped
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The addresses to suppress.", valueName: "address"))
    var addresses: [String]

    @Option(help: "Why, as 'rapport suppress list' and the ledger's reply will show it.")
    var reason = "added by an operator"

    @Flag(help: "Print the counts as one JSON object.")
    var json = false

    @OptionGroup var time: RecordedAtOption

    func validate() throws {
        if addresses.isEmpty { throw ValidationError("give at least one address") }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason must not be empty")
        }
    }

    func run() async throws {
        let config = try global.loadConfig()
        let valid = validAddresses(addresses, countryCode: config.phoneCountryCode)
        let store = try Store(config.store)
        let added = try store.suppress(valid, reason: reason, at: time.wallClock.now)
        let summary = SuppressionSummary(
            added: added, alreadyListed: valid.count - added, skipped: addresses.count - valid.count)
        print(json ? JSONLines.encode(summary) : summary.text)
        if summary.skipped > 0 { throw ExitCode.dataError }
    }
}

struct SuppressRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take addresses off the suppression list, so campaigns may send to them again.",
        discussion: """
            Only for an address known to work again: one a server rejected with 5.1.x will be rejected \
            again, and goes back on the list at the first attempt. Messages already recorded \
            'suppressed' stay so: each occurrence is decided once; later occurrences are sent.

            Every argument must be an email address; a bad one is reported and skipped. Exit status: 0 \
            when every argument was an address (listed or not), 65 when some were skipped.

            Example:
              rapport suppress remove lan@example.vn
            What it prints (--json: {"not_listed": 0, "removed": 1, "skipped": 0}):
              1 address removed, 0 not listed, 0 skipped
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The addresses to take off the list.", valueName: "address"))
    var addresses: [String]

    @Flag(help: "Print the counts as one JSON object.")
    var json = false

    /// What `suppress remove --json` prints.
    struct Removal: Encodable {
        var removed: Int
        var notListed: Int
        var skipped: Int
    }

    func validate() throws {
        if addresses.isEmpty { throw ValidationError("give at least one address") }
    }

    func run() async throws {
        let config = try global.loadConfig()
        let valid = validAddresses(addresses, countryCode: config.phoneCountryCode)
        let store = try Store(config.store)
        let removed = try store.unsuppress(valid)
        let removal = Removal(
            removed: removed, notListed: valid.count - removed, skipped: addresses.count - valid.count)
        print(
            json
                ? JSONLines.encode(removal)
                : "\(counted(removed, "address", plural: "addresses")) removed, \(removal.notListed) not listed, \(removal.skipped) skipped"
        )
        if removal.skipped > 0 { throw ExitCode.dataError }
    }
}

struct SuppressListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the suppression list: address, reason and since when.",
        discussion: """
            Sorted by address. The reason is what 'add' or 'import' was given, or the server's reply for \
            an address a delivery worker suppressed. SINCE is in the config's time_zone (--utc for UTC).

            Examples:
              rapport suppress list
              rapport suppress list --json | jq -r .address
            What it prints:
              ADDRESS         REASON                                 SINCE
              lan@example.vn  asked by phone                         2026-11-22 10:00 +07:00
              x@example.com   550 5.1.1 <x@example.com>: Recipient…  2026-11-23 09:00 +07:00
              2 suppressed addresses
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object per line (address, reason, since) instead of a table.")
    var json = false

    @OptionGroup var zone: UTCOption

    struct Line: Encodable {
        var address: String
        var reason: String
        var since: Date
    }

    func run() async throws {
        let config = try global.loadConfig()
        let times = zone.times(config)
        let store = try Store(config.store, access: .readOnly)
        let suppressions = try store.suppressions()
        if json {
            for entry in suppressions {
                print(
                    JSONLines.encode(
                        Line(address: entry.address, reason: entry.reason, since: entry.createdAt), times: times))
            }
            return
        }
        var table = TextTable(columns: ["ADDRESS", "REASON", "SINCE"])
        for entry in suppressions {
            table.add([entry.address, times.text(entry.reason), times.format(entry.createdAt)])
        }
        if !suppressions.isEmpty { print(table.render(), terminator: "") }
        print("\(counted(suppressions.count, "suppressed address", plural: "suppressed addresses"))")
    }
}

struct SuppressImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Put the addresses of a file on the suppression list.",
        discussion: """
            The file holds one address per line (blank lines and lines starting with # are ignored), \
            or is CSV with a header row that has an 'email' or a 'phone' column, as bounce, complaint and \
            SMS opt-out exports come; a 'reason' column, when there is one, gives each address its own reason, else \
            --reason does.

            Every bad line is reported as FILE:LINE: email: reason (or address: reason) and skipped; the good ones are added \
            in one transaction. An address already listed keeps its first reason and date. Exit status: \
            0 when every line was added or already listed, 65 when some lines were skipped.

            Examples:
              rapport suppress import bounces.txt --reason "old provider bounce"
              rapport suppress import complaints.csv
            What it prints (--json: {"added": 120, "already_listed": 3, "file": "bounces.txt", "skipped": 1}):
              bounces.txt: 120 addresses added, 3 already listed, 1 line skipped
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    @Option(help: "Why, for addresses without a reason column; by default 'imported from <file name>'.")
    var reason: String?

    @Flag(help: "Print the counts as one JSON object.")
    var json = false

    @OptionGroup var time: RecordedAtOption

    func run() async throws {
        let config = try global.loadConfig()
        let result = SuppressionImport.parse(try readText(file), countryCode: config.phoneCountryCode)
        let fallback = reason ?? "imported from \(URL(fileURLWithPath: file).lastPathComponent)"
        let store = try Store(config.store)
        let added = try store.suppress(
            result.rows.map { (address: $0.address, reason: $0.reason ?? fallback) }, at: time.wallClock.now)
        for rejection in result.rejections.sorted(by: { $0.line < $1.line }) {
            printError("\(file):\(rejection.line): \(rejection.reason)")
        }
        var summary = SuppressionSummary(
            added: added, alreadyListed: result.rows.count - added, skipped: result.rejections.count)
        summary.file = file
        print(json ? JSONLines.encode(summary) : summary.text)
        if summary.skipped > 0 { throw ExitCode.dataError }
    }
}

/// The arguments that are email addresses, as the list keeps them; each other one is reported.
private func validAddresses(_ arguments: [String], countryCode: Int) -> [String] {
    arguments.compactMap { argument in
        do {
            return try ContactAddress.normalised(argument, countryCode: countryCode)
        } catch {
            printError("\(error); skipped")
            return nil
        }
    }
}
