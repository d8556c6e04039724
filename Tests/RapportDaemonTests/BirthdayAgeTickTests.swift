import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// Issue 13: a birthday whose year is unknown (`0000-MM-DD`) is wished on its day, and templates
/// get the age only when the year is known.
@Suite struct BirthdayAgeTickTests {
    static let campaign = """
        id: birthday
        trigger: { kind: birthday, at: "09:00" }
        message:
          subject: "Happy birthday{{#age}}, {{age}} today{{/age}}!"
          text: "Hi"
        """

    @Test func aYearUnknownBirthdayIsWishedWithoutAnAge() async throws {
        let fixture = try TickFixture(campaigns: [Self.campaign])
        defer { fixture.cleanUp() }
        let patches = [("KNOWN", "1990-02-28"), ("UNKNOWN", "0000-02-29")].map { id, birthday in
            var patch = CustomerPatch(id: id)
            patch.email = "\(id.lowercased())@example.vn"
            patch.birthday = LocalDate(birthday)
            return patch
        }
        _ = try fixture.store.upsert(patches, at: .distantPast)
        try await fixture.run(at: "2027-02-28T10:00:00+07:00")

        let sent = try fixture.ledger().filter { $0.status == .sent }.sorted { $0.customerID < $1.customerID }
        #expect(
            sent.map { "\($0.customerID) \($0.subject ?? "")" } == [
                "KNOWN Happy birthday, 37 today!", "UNKNOWN Happy birthday!",
            ])
    }
}
