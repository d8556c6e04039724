import Foundation
import RapportCore
import RapportStore
import Testing

@Suite struct StoreTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func delivery(_ customerID: String, campaign: String = "welcome") throws -> Delivery {
        let to = Mailbox(displayName: "Nguyễn Thị Hồng Nhung", address: try EmailAddress("\(customerID)@example.vn"))
        let messageID = MessageID(
            occurrence: WelcomeTrigger.occurrence, campaign: campaign, customer: customerID, domain: "hoamai.example")
        return Delivery(
            campaignID: campaign, customerID: customerID, occurrence: WelcomeTrigger.occurrence,
            message: OutgoingMessage(
                from: try Mailbox(parsing: "hello@hoamai.example"), to: to, subject: "Chào mừng", text: "Chào",
                date: now, messageID: messageID))
    }

    @Test func importUpsertsAndSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store/rapport.sqlite")
        do {
            let store = try Store(path: path)
            var patch = CustomerPatch(id: "C1")
            patch.email = "nhung@example.vn"
            patch.firstName = "Hồng Nhung"
            patch.signedUpAt = Timestamp.parse("2026-11-20T09:15:00+07:00")
            patch.attributes = ["plan": .string("gold")]
            let (summary, rejected) = try store.upsert([patch, CustomerPatch(id: "C2")], at: now)
            #expect(summary == ImportSummary(inserted: 1, updated: 0))
            #expect(rejected == ["C2"])
            var update = CustomerPatch(id: "C1")
            update.lastName = "Nguyễn Thị"
            update.unsubscribedCategories = [.survey]
            #expect(try store.upsert([update], at: now).0 == ImportSummary(inserted: 0, updated: 1))
        }
        let reopened = try Store(path: path, access: .readOnly)
        let customer = try #require(try reopened.customer(id: "C1"))
        #expect(customer.firstName == "Hồng Nhung")
        #expect(customer.lastName == "Nguyễn Thị")
        #expect(customer.attributes == ["plan": .string("gold")])
        #expect(customer.unsubscribedCategories == [.survey])
        #expect(customer.signedUpAt == Timestamp.parse("2026-11-20T09:15:00+07:00"))
    }

    @Test func anOccurrenceCanBeClaimedOnlyOnceEvenFromTwoConnections() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rapport.sqlite")
        let first = try Store(path: path)
        let second = try Store(path: path)
        let welcome = try delivery("C1")
        #expect(try first.claim(welcome, transport: "default", at: now))
        #expect(try !second.claim(welcome, transport: "default", at: now))
        #expect(
            try !first.recordUnsent(
                campaignID: "welcome", customerID: "C1", occurrence: WelcomeTrigger.occurrence, reason: "x",
                status: .skipped, at: now))
        #expect(try first.claim(delivery("C1", campaign: "other"), transport: "default", at: now))
        let entries = try first.ledger(LedgerFilter(customerID: "C1"))
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.status == .sending })
    }

    @Test func finishRecordsTheReplyAndFiltersWork() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        for id in ["C1", "C2"] {
            let claimed = try store.claim(try delivery(id), transport: "default", at: now)
            #expect(claimed)
        }
        try store.finish(try delivery("C1"), status: .sent, reply: "250 2.0.0 Ok: queued as ABC", at: now)
        try store.finish(try delivery("C2"), status: .failed, reply: "550 5.1.1 no such user", at: now)
        let failed = try store.ledger(LedgerFilter(status: .failed))
        #expect(failed.map(\.customerID) == ["C2"])
        #expect(failed.first?.reply == "550 5.1.1 no such user")
        let sent = try #require(try store.ledger(LedgerFilter(campaignID: "welcome", customerID: "C1")).first)
        #expect(sent.status == .sent)
        let expectedID = try delivery("C1").message.messageID.description
        #expect(sent.messageID == expectedID)
        #expect(sent.attempts == 1)
        #expect(try store.ledger(LedgerFilter(since: now.addingTimeInterval(1))).isEmpty)
    }

    @Test func welcomeCandidatesExcludeThoseAlreadyInTheLedger() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        var patches: [CustomerPatch] = []
        for (id, signup) in [
            ("C1", "2026-11-20T09:00:00+07:00"), ("C2", "2026-11-21T09:00:00+07:00"),
            ("C3", "2025-06-01T09:00:00+07:00"),
        ] {
            var patch = CustomerPatch(id: id)
            patch.email = "\(id)@example.vn"
            patch.signedUpAt = Timestamp.parse(signup)
            patches.append(patch)
        }
        _ = try store.upsert(patches, at: now)
        _ = try store.claim(try delivery("C1"), transport: "default", at: now)
        let candidates = try store.customersSignedUp(
            from: Timestamp.parse("2026-01-01T00:00:00+07:00")!, until: now,
            withoutOccurrence: WelcomeTrigger.occurrence, of: "welcome")
        #expect(candidates.map(\.id) == ["C2"])
    }

    @Test func readOnlyStoreOfAMissingFileIsEmptyAndCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.sqlite")
        let store = try Store(path: path, access: .readOnly)
        #expect(try store.customerCount() == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func birthdayCandidatesUseMonthDayAndRecentLedgerRows() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        var patches: [CustomerPatch] = []
        for (id, birthday) in [("C1", "1994-11-23"), ("C2", "1988-02-29"), ("C3", "1990-11-24"), ("C4", "1990-05-01")] {
            var patch = CustomerPatch(id: id)
            patch.email = "\(id)@example.vn"
            patch.birthday = LocalDate(birthday)
            patches.append(patch)
        }
        _ = try store.upsert(patches, at: now)
        let days = ["02-29", "11-23", "11-24"]
        #expect(
            try store.customersWithBirthday(on: days, withoutDeliveryOf: "birthday", since: now).map(\.id) == [
                "C1", "C2", "C3",
            ])

        _ = try store.claim(try delivery("C1", campaign: "birthday"), transport: "default", at: now)
        let recent = try store.customersWithBirthday(
            on: days, withoutDeliveryOf: "birthday", since: now.addingTimeInterval(-2 * 86_400))
        #expect(recent.map(\.id) == ["C2", "C3"])
        // Last year's row does not hide this year's birthday.
        let nextYear = try store.customersWithBirthday(
            on: days, withoutDeliveryOf: "birthday", since: now.addingTimeInterval(363 * 86_400))
        #expect(nextYear.map(\.id) == ["C1", "C2", "C3"])
    }

    @Test func renewalDateChangesAreTimestampedAndRecordedOccurrencesAreListed() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        var patch = CustomerPatch(id: "C1")
        patch.email = "c1@example.vn"
        patch.renewalDate = LocalDate("2027-05-21")
        _ = try store.upsert([patch], at: now)
        let later = now.addingTimeInterval(86_400)
        _ = try store.upsert([patch], at: later)
        #expect(try store.customer(id: "C1")?.renewalRecordedAt == now, "an unchanged date keeps its time")
        patch.renewalDate = LocalDate("2028-05-21")
        _ = try store.upsert([patch], at: later)
        #expect(try store.customer(id: "C1")?.renewalRecordedAt == later)

        #expect(try store.customersWithRenewal(on: [LocalDate("2028-05-21")!]).map(\.id) == ["C1"])
        #expect(try store.customersWithRenewal(on: [LocalDate("2027-05-21")!]).isEmpty)

        let reminder = OccurrenceKey(rawValue: "2028-05-21:-30d")
        _ = try store.recordUnsent(
            campaignID: "renewal", customerID: "C1", occurrence: reminder, reason: "test", status: .skipped, at: now)
        let ids = (0..<1200).map { "X\($0)" } + ["C1"]
        #expect(
            try store.recordedOccurrences(of: "renewal", for: ids) == [
                LedgerKey(customerID: "C1", occurrence: reminder)
            ])
        #expect(try store.recordedOccurrences(of: "other", for: ids).isEmpty)
    }

    @Test func lastActivityWindowsSelectOnlyCustomersCrossingAThreshold() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        var patches: [CustomerPatch] = []
        for (id, active, signup) in [
            ("A", "2026-10-01T03:00:00Z", nil), ("B", "2024-01-01T00:00:00Z", nil),
            ("C", nil, "2026-10-01T05:00:00Z"), ("D", nil, nil),
        ] as [(String, String?, String?)] {
            var patch = CustomerPatch(id: id)
            patch.email = "\(id)@example.vn"
            patch.lastActiveAt = active.flatMap(Timestamp.parse)
            patch.signedUpAt = signup.flatMap(Timestamp.parse)
            patches.append(patch)
        }
        _ = try store.upsert(patches, at: now)
        let window = Timestamp.parse("2026-09-30T12:00:00Z")!...Timestamp.parse("2026-10-01T12:00:00Z")!
        #expect(try store.customersLastActive(in: [window], orSignup: false).map(\.id) == ["A"])
        #expect(try store.customersLastActive(in: [window], orSignup: true).map(\.id) == ["A", "C"])
    }

    @Test func eventsAreIdempotentAndMoveLastActivityOnlyForward() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        var patch = CustomerPatch(id: "C1")
        patch.email = "c1@example.vn"
        patch.lastActiveAt = Timestamp.parse("2026-11-01T00:00:00Z")
        _ = try store.upsert([patch], at: now)
        let events = [
            CustomerEvent(
                customerID: "C1", kind: "purchase", occurredAt: Timestamp.parse("2026-11-10T00:00:00Z")!,
                externalID: "order-1", properties: ["amount": .number(120_000)]),
            CustomerEvent(customerID: "C1", kind: "activity", occurredAt: Timestamp.parse("2026-10-01T00:00:00Z")!),
            CustomerEvent(
                customerID: "C1", kind: "support_ticket_closed", occurredAt: Timestamp.parse("2026-11-20T00:00:00Z")!),
            CustomerEvent(customerID: "NOPE", kind: "activity", occurredAt: Timestamp.parse("2026-11-20T00:00:00Z")!),
        ]
        let first = try store.record(events, at: now)
        #expect(first.recorded == 3)
        #expect(first.unknownCustomers == [3])
        #expect(try store.customer(id: "C1")?.lastActiveAt == Timestamp.parse("2026-11-10T00:00:00Z"))

        let again = try store.record([events[0]], at: now)
        #expect(again.recorded == 0)
        #expect(again.duplicates == 1)
        #expect(try store.eventCount(customerID: "C1") == 3)
    }
}
