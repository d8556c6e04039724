public import Foundation
public import RapportCore
import Synchronization

/// Writes previewed messages into a folder, to open in a mail client and a browser: for each,
/// the whole RFC 5322 message as `.eml` and what a browser shows of it as `.html`, named by the
/// time it goes out in the config's zone so they sort by time:
/// `2026-12-03T0900-birthday-C42.eml`.
///
/// A failed write is kept, not thrown, and stops the writing: what happens to a copy must not
/// change the dry run it comes from.
public final class MessageArchive: Sendable {
    public let directory: URL
    private let zone: TimeZone
    private let state = Mutex<(names: Set<String>, failure: String?)>(([], nil))

    /// Creates the folder when it is missing.
    public init(directory: URL, zone: TimeZone) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.zone = zone
    }

    /// Why a write failed, if one did; the messages after it were not written.
    public var failure: String? { state.withLock { $0.failure } }

    public func write(_ envelope: Envelope) {
        guard let delivery = envelope.delivery else { return }
        let name: String? = state.withLock { state in
            guard state.failure == nil else { return nil }
            let base = Self.baseName(for: delivery, in: zone)
            var name = base
            var number = 1
            while !state.names.insert(name).inserted {
                number += 1
                name = "\(base)-\(number)"
            }
            return name
        }
        guard let name else { return }
        do {
            try Data(envelope.data).write(to: directory.appendingPathComponent(name + ".eml"))
            try Data(delivery.message.htmlPage.utf8).write(to: directory.appendingPathComponent(name + ".html"))
        } catch {
            state.withLock { $0.failure = $0.failure ?? "cannot write \(name) in \(directory.path): \(error)" }
        }
    }

    /// `2026-12-03T0900-birthday-C42`: the minute the message goes out (its Date) in `zone`, the
    /// campaign and the customer, each made safe for a file name.
    static func baseName(for delivery: Delivery, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: delivery.message.date)
        let time = String(
            format: "%04d-%02d-%02dT%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
        return "\(time)-\(FileName.component(delivery.campaignID))-\(FileName.component(delivery.customerID))"
    }
}
