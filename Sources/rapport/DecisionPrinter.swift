import Foundation
import RapportCore
import RapportDaemon
import RapportStore

/// Prints preview items and a time-travel preview's ledger rows as readable text or as one JSON
/// object per line.
struct DecisionPrinter {
    var json: Bool

    struct Line: Encodable {
        /// When it happens in a time-travel preview, in the config's zone.
        var time: String?
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
        /// With a message shown in full (`preview --customer`): its headers.
        var headers: [String]?
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
        emit(line)
    }

    /// One row of a time-travel preview; with its `message`, the message in full as it would be sent.
    func print(_ entry: LedgerEntry, zone: TimeZone, message: Delivery?) {
        var line = Self.line(for: entry, zone: zone)
        if let message = message?.message {
            line.to = message.to.description
            line.text = message.text
            line.html = message.html
            line.headers = Self.headers(of: message)
        }
        emit(line)
    }

    /// How many of a time-travel preview's listed rows are sends, and how many other decisions.
    struct Tally {
        var sends = 0
        var others = 0

        mutating func count(_ entry: LedgerEntry) {
            if entry.status == .sent { sends += 1 } else { others += 1 }
        }
    }

    /// A time-travel preview's rows: a table, or one JSON object per line. The rows are read from
    /// the scratch copy as they are printed — twice for a table, to size its columns first — since
    /// a month of a large store is too long to hold; they are counted on the first reading.
    func printTable(_ outcome: WindowPreview.Outcome, zone: TimeZone) throws(StoreError) -> Tally {
        var tally = Tally()
        if json {
            try outcome.forEachEntry { entry in
                tally.count(entry)
                Swift.print(JSONLines.encode(Self.line(for: entry, zone: zone)))
            }
            return tally
        }
        var table = TextTable(
            columns: ["TIME", "CAMPAIGN", "CUSTOMER", "OCCURRENCE", "ACTION", "TO", "SUBJECT OR REASON"],
            wholeLastColumn: true)
        try outcome.forEachEntry { entry in
            tally.count(entry)
            table.measure(Self.cells(of: Self.line(for: entry, zone: zone)))
        }
        Swift.print(table.format(table.columns))
        try outcome.forEachEntry { Swift.print(table.format(Self.cells(of: Self.line(for: $0, zone: zone)))) }
        return tally
    }

    private static func cells(of line: Line) -> [String] {
        [
            line.time ?? "", line.campaign, line.customer, line.occurrence, line.action, line.to ?? "",
            line.subject ?? line.reason ?? "",
        ]
    }

    private func emit(_ line: Line) {
        if json {
            Swift.print(JSONLines.encode(line))
            return
        }
        let at = line.time.map { " at \($0)" } ?? ""
        if line.action != "send" {
            Swift.print(
                "\(line.action.uppercased()) \(line.campaign) → \(line.customer) [\(line.occurrence)]\(at): \(line.reason ?? "")\n"
            )
            return
        }
        Swift.print("SEND \(line.campaign) → \(line.customer) \(line.to ?? "") [\(line.occurrence)]\(at)")
        for header in line.headers ?? ["Subject: \(line.subject ?? "")"] { Swift.print("  \(header)") }
        let parts: [(title: String, body: String?)] =
            line.headers == nil ? [("", line.text ?? "")] : [("text/plain:", line.text), ("text/html:", line.html)]
        for (title, body) in parts {
            guard let body else { continue }
            if !title.isEmpty { Swift.print("  \(title)") }
            for textLine in body.split(separator: "\n", omittingEmptySubsequences: false) {
                Swift.print("  | \(textLine)")
            }
        }
        Swift.print("")
    }

    private static func line(for entry: LedgerEntry, zone: TimeZone) -> Line {
        var line = Line(
            time: Timestamp.format(entry.finishedAt ?? entry.createdAt, in: zone), campaign: entry.campaignID,
            customer: entry.customerID, occurrence: entry.occurrence.rawValue, action: action(for: entry.status))
        line.to = entry.recipient
        if entry.status == .sent {
            line.subject = entry.subject
        } else {
            line.reason = entry.reply
            if entry.status == .deferred { line.until = entry.notBefore.map { Timestamp.format($0, in: zone) } }
        }
        return line
    }

    /// The verb a preview uses for what became of an occurrence.
    private static func action(for status: DeliveryStatus) -> String {
        switch status {
        case .sent: "send"
        case .deferred: "defer"
        case .skipped: "skip"
        case .expired: "expire"
        case .suppressed: "suppress"
        case .failed: "fail"
        case .heldOut: "hold"
        case .queued, .sending, .retrying: status.rawValue
        }
    }

    /// The header fields as the message carries them, decoded: what a mail client shows.
    private static func headers(of message: OutgoingMessage) -> [String] {
        var headers = [
            "Date: \(RFC5322Date(message.date, timeZone: message.dateTimeZone))", "From: \(message.from)",
            "To: \(message.to)",
        ]
        if let replyTo = message.replyTo { headers.append("Reply-To: \(replyTo)") }
        headers += ["Subject: \(message.subject)", "Message-ID: \(message.messageID)"]
        return headers + message.extraHeaders.map { "\($0.name): \($0.value)" }
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
