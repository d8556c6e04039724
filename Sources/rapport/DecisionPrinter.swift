import Foundation
import RapportCore
import RapportDaemon
import RapportStore

/// Prints preview items and a time-travel preview's ledger rows as readable text or as one JSON
/// object per line, with the field names `log --json` uses for the same things.
struct DecisionPrinter {
    var json: Bool
    var times: ReadableTime

    struct Line: Encodable {
        /// When it happens in a time-travel preview.
        var time: Date?
        var campaignID: String
        var customerID: String
        var occurrence: String
        var action: String
        var recipient: String?
        var subject: String?
        var text: String?
        var html: String?
        /// Why it is not sent (now): as the ledger's `reply` says it.
        var reply: String?
        /// For a deferral: when it may go.
        var notBefore: Date?
        /// With a message shown in full (`preview --customer`): its headers.
        var headers: [String]?
    }

    func print(_ item: PreviewItem) {
        let decision = item.decision
        var line = Line(
            campaignID: decision.campaignID, customerID: decision.customerID,
            occurrence: decision.occurrence.rawValue, action: "send")
        switch decision.action {
        case .send:
            switch item.rendering {
            case .success(let delivery):
                line.recipient = delivery.message.to.description
                line.subject = delivery.message.subject
                line.text = delivery.message.text
                line.html = delivery.message.html
            case .failure(let unsendable):
                line.action = "skip"
                line.reply = unsendable.reason
            case nil:
                break
            }
        case .deferral(let until, let reason):
            line.action = "defer"
            line.reply = reason
            line.notBefore = until
        case .skip(let reason):
            line.action = "skip"
            line.reply = reason
        case .expiry(let reason):
            line.action = "expire"
            line.reply = reason
        case .holdout:
            line.action = "hold"
            line.reply = "control group (holdout): recorded, not sent"
        }
        emit(line)
    }

    /// One row of a time-travel preview; with its `message`, the message in full as it would be sent.
    func print(_ entry: LedgerEntry, message: Delivery?) {
        var line = Self.line(for: entry)
        if let message = message?.message {
            line.recipient = message.to.description
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
    func printTable(_ outcome: WindowPreview.Outcome) throws(StoreError) -> Tally {
        var tally = Tally()
        if json {
            try outcome.forEachEntry { entry in
                tally.count(entry)
                Swift.print(JSONLines.encode(Self.line(for: entry), times: times))
            }
            return tally
        }
        var table = TextTable(
            columns: ["TIME", "CAMPAIGN", "CUSTOMER", "OCCURRENCE", "ACTION", "TO", "SUBJECT OR REASON"],
            wholeLastColumn: true)
        try outcome.forEachEntry { entry in
            tally.count(entry)
            table.measure(cells(of: Self.line(for: entry)))
        }
        Swift.print(table.format(table.columns))
        try outcome.forEachEntry { Swift.print(table.format(cells(of: Self.line(for: $0)))) }
        return tally
    }

    private func cells(of line: Line) -> [String] {
        [
            line.time.map(times.format) ?? "", line.campaignID, line.customerID, line.occurrence, line.action,
            line.recipient ?? "", line.subject ?? line.reply.map(times.text) ?? "",
        ]
    }

    private func emit(_ line: Line) {
        if json {
            Swift.print(JSONLines.encode(line, times: times))
            return
        }
        let at = line.time.map { " at \(times.format($0))" } ?? ""
        if line.action != "send" {
            Swift.print(
                "\(line.action.uppercased()) \(line.campaignID) → \(line.customerID) [\(line.occurrence)]\(at): \(times.text(line.reply ?? ""))\n"
            )
            return
        }
        Swift.print("SEND \(line.campaignID) → \(line.customerID) \(line.recipient ?? "") [\(line.occurrence)]\(at)")
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

    private static func line(for entry: LedgerEntry) -> Line {
        var line = Line(
            time: entry.finishedAt ?? entry.createdAt, campaignID: entry.campaignID, customerID: entry.customerID,
            occurrence: entry.occurrence.rawValue, action: action(for: entry.status))
        line.recipient = entry.recipient
        if entry.status == .sent {
            line.subject = entry.subject
        } else {
            line.reply = entry.reply
            if entry.status == .deferred { line.notBefore = entry.notBefore }
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
