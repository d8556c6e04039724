import Foundation
import RapportCore
import RapportDaemon

/// Prints preview items as readable text or as one JSON object per line.
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

    func print(_ item: PreviewItem) {
        let decision = item.decision
        var line = Line(
            campaign: decision.campaignID, customer: decision.customerID, occurrence: decision.occurrence.rawValue,
            action: "send")
        switch decision.action {
        case .send:
            switch item.rendering {
            case .success(let delivery):
                line.to = delivery.message.to.description
                line.subject = delivery.message.subject
                line.text = delivery.message.text
                line.html = delivery.message.html
            case .failure(let unsendable):
                line.action = "skip"
                line.reason = unsendable.reason
            case nil:
                break
            }
        case .deferral(let until, let reason):
            line.action = "defer"
            line.reason = reason
            line.until = Timestamp.format(until)
        case .skip(let reason):
            line.action = "skip"
            line.reason = reason
        case .expiry(let reason):
            line.action = "expire"
            line.reason = reason
        case .holdout:
            line.action = "hold"
            line.reason = "control group (holdout): recorded, not sent"
        }
        if json {
            Swift.print(JSONLines.encode(line))
            return
        }
        if line.action == "defer" {
            Swift.print("DEFER \(line.campaign) → \(line.customer) [\(line.occurrence)]: \(line.reason ?? "")\n")
            return
        }
        if line.action == "skip" || line.action == "expire" || line.action == "hold" {
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
