import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

@Suite struct StoreDataQualityTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func patch(_ id: String, birthday: String?) -> CustomerPatch {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        patch.birthday = birthday.flatMap(LocalDate.init)
        return patch
    }

    /// A "year unknown" birthday survives the store and a later partial import; the month-day
    /// query finds it as a candidate, and the trigger wishes it on its day like any other.
    @Test func yearZeroBirthdayIsStoredAndKept() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        _ = try store.upsert([patch("C2", birthday: "0000-05-17"), patch("C1", birthday: "1990-05-17")], at: now)
        _ = try store.upsert([patch("C2", birthday: nil)], at: now)
        #expect(try store.customer(id: "C2")?.birthday?.description == "0000-05-17")

        let candidates = try store.customersWithBirthday(
            on: ["05-17"], withoutDeliveryOf: "birthday", since: now.addingTimeInterval(-2 * 86_400))
        #expect(candidates.map(\.id) == ["C1", "C2"])
        let trigger = BirthdayTrigger(at: LocalTime("09:00")!)
        let due = candidates.filter {
            trigger.occurrence(for: $0, at: Timestamp.parse("2027-05-17T12:00:00Z")!, defaultZone: .gmt) != nil
        }
        #expect(due.map(\.id) == ["C1", "C2"])
    }

    @Test func everyCustomerIsVisitedInIdOrder() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rapport.sqlite")
        _ = try Store(path: path).upsert(
            [patch("C3", birthday: "1900-01-01"), patch("C1", birthday: nil), patch("C2", birthday: "0000-02-29")],
            at: now)
        var seen: [String] = []
        var scan = DataQualityScan(campaigns: [])
        try Store(path: path, access: .readOnly).forEachCustomer {
            seen.append($0.id)
            scan.inspect($0)
        }
        #expect(seen == ["C1", "C2", "C3"])
        #expect(scan.results.first?.samples.map(\.customerID) == ["C3"], "0000-02-29 is a birthday, year unknown")
    }
}
