import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore
import RapportTestSupport

/// A real SQLite store in a temporary folder, campaigns parsed from campaign-file text, and a
/// recording transport: for tests of what ticks decide and record over time.
struct TickFixture {
    let folder: URL
    let store: Store
    let transport = RecordingTransport()
    let campaigns: [Campaign]
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let frequencyCap: FrequencyCap?

    /// `kind` picks the store's engine: an SQLite file in the folder, or a new PostgreSQL database.
    init(campaigns files: [String], frequencyCap: FrequencyCap? = nil, kind: StoreKind = .sqlite) throws {
        self.frequencyCap = frequencyCap
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-tick-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(kind.location(folder.appendingPathComponent("rapport.sqlite").path))
        let folder = folder
        campaigns = try files.enumerated().map { index, text in
            try CampaignFile.parse(text, file: folder.appendingPathComponent("campaign\(index).yml").path)
        }
    }

    var tick: Tick {
        get throws {
            Tick(
                store: store, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
                defaultZone: zone, courier: Courier(store: store, workers: [["default": transport]]),
                links: LinkSettings(
                    baseURL: "https://hoamai.example/r/",
                    signer: LinkSigner(secret: Array("tick-fixture-signing-key-32-bytes!!".utf8))!,
                    npsExpiry: TimeSpan("30d")!),
                frequencyCap: frequencyCap)
        }
    }

    @discardableResult
    func run(at time: String) async throws -> TickReport {
        try await tick.run(campaigns: campaigns, at: Timestamp.parse(time)!, logger: Logger(label: "test"))
    }

    func ledger(_ customerID: String? = nil) throws -> [LedgerEntry] {
        try store.ledger(LedgerFilter(customerID: customerID)).sorted {
            $0.occurrence.rawValue < $1.occurrence.rawValue
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }
}
