import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct LoyaltyReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalty",
        abstract: "RFM loyalty tiers: recency, frequency and monetary quintiles of every purchasing customer.",
        discussion: """
            Scores each customer with a purchase before --until on days since the last purchase, \
            number of purchases and total spent (1–5 each, by quintile), and counts the tiers: \
            champions, loyal, potential, at_risk, hibernating, lost. --save writes each customer's tier \
            to the attribute rfm_tier, for audiences such as { attribute: rfm_tier, in: [at_risk] } \
            (run it daily, e.g. from a systemd timer).
            """)

    @OptionGroup var options: ReportOptions

    @Flag(help: "Write each customer's tier to the attribute rfm_tier (opens the store read-write).")
    var save = false

    func run() async throws {
        try options.refuseCampaignFilter(in: "loyalty")
        if try options.writePage(activeWithin: ActivityWindowOption.defaultWindow) { return }
        let (config, readOnly, _, end) = try options.open()
        let histories = try readOnly.purchaseHistories(from: .distantPast, to: end)
        let tiers = histories.rfmTiers(at: end)
        var table = ReportOutput.Table(
            name: "loyalty",
            title: "RFM tiers at \(options.zone.times(config).format(end)), \(histories.count) purchasing customers",
            columns: ["tier", "customers", "share"])
        for tier in RFMTier.allCases {
            let count = tiers.filter { $0 == tier }.count
            table.rows.append([
                .text(tier.rawValue), .integer(count),
                .number(histories.isEmpty ? nil : Double(count) / Double(histories.count), decimals: 3),
            ])
        }
        print(ReportOutput(format: options.format, tables: [table]).render(), terminator: "")
        if save {
            let store = try Store(config.store)
            try store.setAttribute(
                "rfm_tier",
                values: Dictionary(uniqueKeysWithValues: zip(histories.map(\.customerID), tiers.map(\.rawValue))),
                at: options.time.wallClock.now)
            print("saved rfm_tier for \(counted(histories.count, "customer"))")
        }
    }
}
