import RapportConfig
import RapportCore

/// What `rapport check` found, as the lines an operator reads or one JSON object for tools.
struct CheckReport: Encodable {
    /// Customer ids shown per data problem.
    static let sampleLimit = 10

    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var field: String
        var message: String
        var description: String

        init(_ error: ConfigError) {
            file = error.location.file
            line = error.location.line
            column = error.location.column
            field = error.field
            message = error.message
            description = error.description
        }
    }

    struct DataSection: Encodable {
        struct Finding: Encodable {
            struct Sample: Encodable {
                var customer: String
                var value: String?
            }

            var problem: String
            var label: String
            var customers: Int
            /// Every campaign id when the problem concerns them all.
            var campaigns: [String]
            var allCampaigns: Bool
            var effect: String
            var samples: [Sample]
        }

        var store: String
        var storeExists: Bool
        var customers: Int
        var findings: [Finding]

        init(store: String, storeExists: Bool, scan: DataQualityScan, campaignIDs: [String]) {
            self.store = store
            self.storeExists = storeExists
            customers = scan.customerCount
            findings = scan.results.map { finding in
                Finding(
                    problem: finding.problem.rawValue, label: finding.problem.label, customers: finding.count,
                    campaigns: finding.campaignIDs ?? campaignIDs, allCampaigns: finding.campaignIDs == nil,
                    effect: finding.problem.consequence,
                    samples: finding.samples.map { Finding.Sample(customer: $0.customerID, value: $0.value) })
            }
        }
    }

    var config: String
    var campaigns: [String]
    var errors: [Problem]
    /// Campaigns that load but probably say the wrong thing (`CampaignWarnings`), and texts that
    /// go by SMS in several billed parts; no effect on the exit status.
    var warnings: [Problem]
    var data: DataSection?

    init(config: String, set: CampaignSet, links: LinkSettings?, warnings more: [ConfigError] = []) {
        self.config = config
        campaigns = set.campaigns.map(\.id)
        errors = set.errors.map(Problem.init)
        warnings = (CampaignWarnings.of(set.campaigns, links: links) + more).map(Problem.init)
    }

    /// The config part exactly as `check` has always printed it (warnings first, marked), then the
    /// data part if asked for.
    var text: String {
        var lines = warnings.map { "\($0.file):\($0.line):\($0.column): \($0.field): warning: \($0.message)" }
        lines += errors.map(\.description)
        if errors.isEmpty {
            lines.append(
                "ok: \(config), \(counted(campaigns.count, "campaign")): \(campaigns.joined(separator: ", "))"
            )
        } else {
            lines.append("\(counted(errors.count, "problem")) found")
        }
        lines += warnings.map { "warning: \($0.description)" }
        var text = lines.map { $0 + "\n" }.joined()
        if let data { text += data.text }
        return text
    }
}

extension CheckReport.DataSection {
    var text: String {
        guard storeExists else { return "data: no store at \(store) yet; nothing to check\n" }
        let customersText = "\(counted(customers, "customer")) in \(store)"
        guard !findings.isEmpty else { return "data: \(customersText), no problems found\n" }
        var table = TextTable(columns: ["PROBLEM", "CUSTOMERS", "CAMPAIGNS", "EFFECT"])
        for finding in findings {
            let campaignsText =
                finding.allCampaigns
                ? "all" : finding.campaigns.isEmpty ? "none" : finding.campaigns.joined(separator: ", ")
            table.add([finding.label, String(finding.customers), campaignsText, finding.effect])
        }
        var text = "data: \(customersText)\n" + table.render()
        for finding in findings {
            let samples = finding.samples.map { sample in
                sample.value.map { "\(sample.customer) (\($0.replacingControlCharacters()))" } ?? sample.customer
            }
            let more = finding.customers - finding.samples.count
            text += "\(finding.label): \(samples.joined(separator: ", "))\(more > 0 ? " and \(more) more" : "")\n"
        }
        text += "\(counted(findings.count, "data warning")) (they do not change the exit status)\n"
        return text
    }
}
