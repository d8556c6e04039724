import Foundation
import RapportCore

/// Prints preview decisions as readable text or as one JSON object per line.
struct DecisionPrinter {
    var json: Bool

    struct Line: Encodable {
        var campaign: String
        var customer: String
        var occurrence: String
        var action: String
        var to: String?
        var subject: String?
        var text: String?
        var html: String?
        var reason: String?
        var until: String?
    }

    func print(_ decision: Decision) {
        let line: Line
        switch decision {
        case .send(let delivery):
            line = Line(
                campaign: delivery.campaignID, customer: delivery.customerID, occurrence: delivery.occurrence.rawValue,
                action: "send", to: delivery.message.to.description, subject: delivery.message.subject,
                text: delivery.message.text, html: delivery.message.html)
        case .deferral(let delivery, let until, let reason):
            line = Line(
                campaign: delivery.campaignID, customer: delivery.customerID, occurrence: delivery.occurrence.rawValue,
                action: "defer", to: delivery.message.to.description, subject: delivery.message.subject,
                text: delivery.message.text, html: delivery.message.html, reason: reason,
                until: Timestamp.format(until))
        case .expiry(let campaignID, let customerID, let occurrence, let reason):
            line = Line(
                campaign: campaignID, customer: customerID, occurrence: occurrence.rawValue, action: "expire",
                reason: reason)
        case .skip(let campaignID, let customerID, let occurrence, let reason):
            line = Line(
                campaign: campaignID, customer: customerID, occurrence: occurrence.rawValue, action: "skip",
                reason: reason)
        }
        if json {
            Swift.print(JSONLines.encode(line))
            return
        }
        if line.action == "defer" {
            Swift.print("DEFER \(line.campaign) → \(line.customer) [\(line.occurrence)]: \(line.reason ?? "")\n")
            return
        }
        if line.action == "skip" || line.action == "expire" {
            Swift.print(
                "\(line.action.uppercased()) \(line.campaign) → \(line.customer) [\(line.occurrence)]: \(line.reason ?? "")\n"
            )
            return
        }
        Swift.print("SEND \(line.campaign) → \(line.customer) \(line.to ?? "") [\(line.occurrence)]")
        Swift.print("  Subject: \(line.subject ?? "")")
        for textLine in (line.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            Swift.print("  | \(textLine)")
        }
        Swift.print("")
    }
}

/// One compact JSON object per line, keys sorted, for `--json` output tools can stream.
enum JSONLines {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
