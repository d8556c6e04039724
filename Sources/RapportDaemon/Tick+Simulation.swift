public import Foundation
public import Logging
public import RapportCore
public import RapportStore
import RapportTransport

extension Tick {
    /// Runs the daemon at each of `instants` — evaluation, then delivery, as `rapport run --once
    /// --now` does — on a scratch copy of the store made in `scratchDirectory`, every transport in
    /// `transports` replaced by a `DryRunTransport` that hands each message to `record`. Then
    /// `list` reads what the copy's ledger decided and returns what the caller makes of it; the copy
    /// is deleted after.
    ///
    /// It is the real tick on a real store, so the run does what the daemon would: delays, send
    /// windows and their deferrals, frequency caps and priorities, drip exits, cooldowns, expiries
    /// and missed occurrences, each send counting as `sent` at its instant for what comes later.
    /// This tick's store is only read, and its courier's transports are never called.
    public func simulate<Listing>(
        campaigns: [Campaign], at instants: [Date], transports: Set<String>, scratchDirectory: URL,
        record: @escaping @Sendable (Envelope) -> Void, logger: Logger,
        list: (SimulatedDecisions) throws(StoreError) -> Listing
    ) async throws(StoreError) -> Listing {
        try await Self.withScratchFolder(in: scratchDirectory) { folder throws(StoreError) in
            let copy = try store.copy(to: folder.appendingPathComponent("rapport.sqlite").path)
            let mark = try copy.ledgerMark()
            let dryRun = DryRunTransport(record: record)
            var simulated = self
            simulated.store = copy
            simulated.courier = Courier(
                store: copy,
                workers: [Dictionary(uniqueKeysWithValues: transports.map { ($0, dryRun as any Transport) })],
                retryPolicy: courier.retryPolicy, lease: courier.lease)
            for instant in instants {
                _ = try await simulated.run(campaigns: campaigns, at: instant, logger: logger)
            }
            return try list(SimulatedDecisions(store: copy, mark: mark))
        }
    }

    /// Runs `body` with a new folder inside `directory` for a scratch store, deleted after.
    static func withScratchFolder<Result>(
        in directory: URL, _ body: (URL) async throws(StoreError) -> Result
    ) async throws(StoreError) -> Result {
        let folder = directory.appendingPathComponent("rapport-preview-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                path: folder.path, message: "cannot create the scratch copy's folder: \(error); set TMPDIR elsewhere")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }
}
