import Foundation
import RapportCore
import RapportStore
import Testing

/// Issue 13: re-importing a row with `subscribed` (or `unsubscribed_categories: none`) undid a
/// customer's own one-click unsubscribe, silently. Now the import keeps the customer's choice,
/// says so, and records every change; a row naming the consent re-subscribes.
@Suite struct ConsentImportEndToEndTests {
    func importFile(_ text: String, named name: String, in setup: Deployment, at now: String) async throws
        -> RapportCLI.Outcome
    {
        let file = setup.directory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try await setup.cli.run(["import", "customers", file.path, "--now", now])
    }

    @Test func anImportAfterAOneClickUnsubscribeKeepsItAndSaysSo() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        let first = try await importFile(
            "id,email,first_name\nC1,lan@example.vn,Lan\nC2,hoa@example.vn,Hoa\n", named: "crm-1.csv", in: setup,
            at: "2026-11-20T09:00:00+07:00")
        #expect(first.status == 0, "\(first)")
        // What the one-click route does when Lan's mail reader sends List-Unsubscribe=One-Click.
        let store = try Store(path: setup.storePath)
        #expect(
            try store.setUnsubscribed(
                [.marketing, .survey], customerID: "C1", campaignID: "birthday",
                occurrence: OccurrenceKey(rawValue: "2026"), source: "one-click unsubscribe",
                at: Timestamp.parse("2026-11-21T10:00:00+07:00")!))

        let export =
            "id,email,subscription,unsubscribed_categories\nC1,lan@example.vn,subscribed,none\nC2,hoa@example.vn,subscribed,survey\n"
        let again = try await importFile(export, named: "crm-2.csv", in: setup, at: "2026-11-22T09:00:00+07:00")
        let file = setup.directory.appendingPathComponent("crm-2.csv").path
        #expect(again.status == 0, "\(again)")
        #expect(
            again.stdout
                == "\(file): 2 customers imported (0 new, 2 updated), 0 rows skipped, 1 kept unsubscribed by their own choice\n",
            "\(again)")
        #expect(
            again.stderr.contains(
                "\(file):2: subscription: 'C1' unsubscribed through a link; kept unsubscribed (give a consent column to re-subscribe)"
            ), "\(again)")
        #expect(try store.customer(id: "C1")?.unsubscribedCategories == [.marketing, .survey])
        #expect(try store.customer(id: "C2")?.unsubscribedCategories == [.survey], "others' rows apply as before")

        let show = try await setup.cli.run(["customer", "show", "C1"])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.hasPrefix("C1 <lan@example.vn>: subscribed, declines marketing,survey\n"), "\(show)")
        #expect(show.stdout.contains("one-click unsubscribe (birthday 2026)"), "\(show)")

        let consented = try await importFile(
            "id,unsubscribed_categories,consent\nC1,none,asked at the counter 2026-11-25\n", named: "crm-3.csv",
            in: setup, at: "2026-11-25T09:00:00+07:00")
        #expect(consented.status == 0, "\(consented)")
        #expect(try store.customer(id: "C1")?.unsubscribedCategories == [])
        let history = try store.consentHistory(of: "C1")
        #expect(history.map(\.byCustomer) == [true, false], "\(history)")
        #expect(history.last?.source == "import \(setup.directory.appendingPathComponent("crm-3.csv").path):2")
        #expect(history.last?.consent == "asked at the counter 2026-11-25")
    }
}
