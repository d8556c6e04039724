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
            Newest first. Times are in the config's time_zone with their offset (--utc for UTC). \
            TRIES counts delivery attempts; NEXT is when a retrying message is tried again \
            or a deferred one may go (not_before in --json); TO is the address used, email or phone; REPLY \
            is the server's last reply, or why the occurrence was skipped, deferred, expired, failed or \
            suppressed, followed by what earlier channels answered when it moved on (channel_attempts in \
            --json). --json prints one object per row (JSON Lines; fields in the README's "JSON output").

            Statuses (--status):
            \(DeliveryStatus.allCases.map { "  \($0.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.meaning)" }.joined(separator: "\n"))

            Examples:
              rapport log --status failed
              rapport log --status retrying
              rapport log --campaign welcome --since 7d
              rapport log --customer C001 --json | jq '{status, attempts, not_before, reply}'
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

    @Option(
        help: ArgumentHelp(
            "The time an age in --since counts back from (ISO 8601 with offset); default: now.",
            discussion: "Example: --since 7d --now 2026-12-01T09:00:00+07:00", valueName: "time"))
    var now: String?

    @OptionGroup var zone: UTCOption

    func validate() throws { try NowOption.check(now) }

    func run() async throws {
        let config = try global.loadConfig()
        let times = zone.times(config)
        let store = try Store(config.store, access: .readOnly)
        let filter = LedgerFilter(
            campaignID: campaign, customerID: customer, status: status,
            since: try since.map {
                try TimeArgument.instant(
                    $0, option: "--since", zone: config.defaultTimeZone, now: NowOption.clock(now).now)
            }, limit: limit)
        let entries = try store.ledger(filter)
        if json {
            for entry in entries { print(JSONLines.encode(entry, times: times)) }
            return
        }
        var table = TextTable(
            columns: ["TIME", "CAMPAIGN", "CUSTOMER", "OCCURRENCE", "STATUS", "TRIES", "NEXT", "TO", "REPLY"],
            wholeLastColumn: true)
        for entry in entries {
            let next = [.retrying, .deferred].contains(entry.status) ? entry.notBefore.map(times.format) : nil
            let reply =
                (entry.reply ?? "") + (entry.channelAttempts.map { " (before: \($0.joined(separator: "; ")))" } ?? "")
            table.add([
                times.format(entry.lastAttemptAt ?? entry.createdAt), entry.campaignID, entry.customerID,
                entry.occurrence.rawValue, entry.status.rawValue, String(entry.attempts), next ?? "",
                entry.recipient ?? "", times.text(reply),
            ])
        }
        print(table.render(), terminator: "")
        print(
            "\(counted(entries.count, "row"))\(entries.count == limit ? " (limit reached; use --limit)" : "")"
        )
    }
}

extension DeliveryStatus: ExpressibleByArgument {
    /// What the status tells an operator, for `rapport log --help`.
    var meaning: String {
        switch self {
        case .queued: "due, waiting for a delivery worker"
        case .sending: "in a worker's hands; the outcome is not recorded yet"
        case .retrying: "a 4xx, network, TLS or login error: tried again at NEXT"
        case .sent: "the server accepted it; REPLY is its answer"
        case .failed: "refused for good (5xx), or still failing at give_up_after"
        case .suppressed: "not sent: the address is on the suppression list"
        case .skipped: "due, but not for this customer; REPLY says why"
        case .deferred: "outside the send window or over the frequency cap: goes at NEXT"
        case .expired: "its time passed (max_delay, or missed in a pause); REPLY says why"
        case .heldOut: "in the campaign's control group (holdout): deliberately not sent"
        }
    }
}
