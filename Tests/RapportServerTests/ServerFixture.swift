import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RapportCore
import RapportServer
import RapportStore
import RapportTestSupport

/// A real store in a temp folder and the HTTP service over it, run on a random loopback port by
/// HummingbirdTesting's live framework (a real socket and HTTP client).
struct ServerFixture: Sendable {
    static let token = "test-token-0123456789abcdefghijklmnop"
    static let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    let directory: TemporaryDirectory
    let store: Store
    let links: LinkSettings
    let metrics = DaemonMetrics()
    let heartbeat = TickHeartbeat(interval: 60)
    var maximumBodyBytes = 4_096

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("rapport.sqlite"))
        links = LinkSettings(
            baseURL: "https://shop.example/rapport", signer: LinkSigner(secret: Array(repeating: 7, count: 32))!,
            npsExpiry: TimeSpan(seconds: 30 * 86_400))
    }

    func service(at now: Date = Self.now) throws -> HTTPService {
        HTTPService(
            settings: HTTPSettings(
                host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes,
                tokens: try APITokens(file: "crm \(Self.token)\n")),
            store: store, links: links, metrics: metrics, heartbeat: heartbeat,
            wallClock: FixedWallClock(now), logger: Logger(label: "test"))
    }

    /// The HTTP service on a loopback port, its clock standing at `now`.
    func run(at now: Date = Self.now, _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await service(at: now).application().test(.live, test)
    }

    /// Every row the HTTP service can change, in a stable order: equal before and after a refused
    /// request proves it changed nothing.
    func snapshot() throws -> String {
        let queue = try DatabaseQueue(path: directory.path("rapport.sqlite"))
        return try queue.read { db in
            try [
                "SELECT * FROM customers ORDER BY id", "SELECT * FROM events ORDER BY id",
                "SELECT * FROM nps_answers ORDER BY customer_id", "SELECT * FROM message_events ORDER BY id",
                "SELECT * FROM ingest_requests ORDER BY idempotency_key",
            ].map { sql in try Row.fetchAll(db, sql: sql).map(\.description).joined(separator: "\n") }
                .joined(separator: "\n--\n")
        }
    }

    func count(_ sql: String) throws -> Int {
        try DatabaseQueue(path: directory.path("rapport.sqlite")).read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    func addCustomer(_ id: String, firstName: String? = "Lan", locale: String? = "vi") throws {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        patch.firstName = firstName
        patch.locale = locale
        _ = try store.upsert([patch], at: Self.now)
    }

    func token(_ purpose: LinkToken.Purpose, customer: String, expiresAt: Date? = nil) -> String {
        links.signer.sign(
            LinkToken(
                purpose: purpose, customerID: customer, campaignID: "nps",
                occurrence: OccurrenceKey(rawValue: "interaction:1"),
                expiresAt: expiresAt))
    }
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The parsed JSON body of an API answer.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

let authorized: HTTPFields = [.authorization: "Bearer \(ServerFixture.token)", .contentType: "application/json"]
