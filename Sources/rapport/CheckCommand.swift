import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, every campaign and every template; with --data, the customer data too.",
        discussion: """
            Reports every problem in every file — the config and each campaign alike, however many a \
            file holds — as file:line:column: field: message and exits 78 (EX_CONFIG) if there is any, so \
            it can guard a deploy or systemd's ExecStartPre=. It reads files only: key files the config \
            names that the daemon would create are not created. Besides mistakes, it refuses what would run \
            but must not be deployed: a delivery.lease shorter than a transport's timeout, and marketing \
            or survey campaigns with no links: section for their unsubscribe link. Templates are checked for syntax and for \
            fields no customer has (a typo such as {{frist_name}}). A text that goes by SMS and takes more \
            than one part before its fields are filled in is a warning (Vietnamese diacritics make it \
            UCS-2: 70 characters a part); warnings do not change the exit status.

            With --data it also reads the store (read-only) and reports customers whom campaigns pass by \
            unnoticed: placeholder birthdays (0001-01-01, 1900-01-01, 1970-01-01; a 0000-MM-DD birthday, \
            year unknown, is wished on its day), and no \
            birthday, renewal date or activity where a campaign that would reach the customer needs one; \
            customers a campaign would message but has no address for (no phone for its Zalo and SMS \
            channels, no email for its email ones); also time zones that are not IANA zones and emails \
            that no longer parse. Each comes with a \
            count and up to \(CheckReport.sampleLimit) customer ids. These are warnings: they never \
            change the exit status.

            Examples:
              rapport --config /etc/rapport/rapport.yml check
              rapport check --data
              rapport check --data --json | jq '.data.findings[] | {problem, customers}'

            What rapport check --data prints after the ok line:
              data: 1250 customers in /var/lib/rapport/rapport.sqlite
              PROBLEM               CUSTOMERS  CAMPAIGNS  EFFECT
              placeholder birthday  2          birthday   birthday campaigns ignore it
              no renewal date       4          renewal    passed by
              placeholder birthday: C0042 (1970-01-01), C0107 (1900-01-01)
              no renewal date: C0003, C0019, C0020, C0031
              2 data warnings (they do not change the exit status)
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also read the store and report customer data that makes campaigns pass customers by.")
    var data = false

    @Flag(help: "Print one JSON object: config, campaigns, errors and, with --data, the data findings.")
    var json = false

    func run() async throws {
        let reading = DaemonConfig.read(from: global.configPath)
        var set = CampaignSet.load(for: reading)
        set.errors = reading.errors + set.errors
        set.errors += reading.config?.risks(campaigns: set.campaigns) ?? []
        var report = CheckReport(
            config: global.configPath, set: set, links: reading.config?.links,
            warnings: reading.config?.textLengthWarnings(campaigns: set.campaigns) ?? [])
        if data, reading.config == nil {
            printNote("--data reads the store the config names; fix the config's errors first")
        }
        if data, let config = reading.config {
            var scan = DataQualityScan(
                campaigns: set.campaigns, addressKinds: config.transports.mapValues(\.addressKind),
                sampleLimit: CheckReport.sampleLimit)
            let store = try Store(config.store, access: .readOnly)
            try store.forEachCustomer { scan.inspect($0) }
            report.data = CheckReport.DataSection(
                store: config.storePath, storeExists: storeExists(config.store),
                scan: scan, campaignIDs: set.campaigns.map(\.id))
        }
        print(json ? JSONLines.encode(report) : report.text, terminator: json ? "\n" : "")
        if !set.errors.isEmpty { throw ExitCode.configError }
    }

    /// An SQLite file is created on first use; a PostgreSQL database by its administrator.
    private func storeExists(_ store: StoreLocation) -> Bool {
        guard case .sqlite(let path) = store else { return true }
        return FileManager.default.fileExists(atPath: path)
    }
}
