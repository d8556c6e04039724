import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Synchronization
import Testing

/// What every store must do, on SQLite and on PostgreSQL alike.
@Suite struct StoreTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func due(_ customerID: String, campaign: String = "welcome", _ action: Decision.Action = .send) -> Decision {
        Decision(campaignID: campaign, customerID: customerID, occurrence: WelcomeTrigger.occurrence, action: action)
    }

    func message(to customerID: String) throws -> OutgoingMessage {
        OutgoingMessage(
            from: try Mailbox(parsing: "hello@hoamai.example"),
            to: .email(
                Mailbox(displayName: "Nguyễn Thị Hồng Nhung", address: try EmailAddress("\(customerID)@example.vn"))),
            subject: "Chào mừng", text: "Chào", date: now,
            messageID: MessageID(
                occurrence: WelcomeTrigger.occurrence, campaign: "welcome", customer: customerID,
                domain: "hoamai.example"))
    }

    @Test(arguments: StoreKind.allCases) func importUpsertsAndSurvivesReopening(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let path = try kind.location(directory.path("store/rapport.sqlite"))
        do {
            let store = try Store(path)
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
        let reopened = try Store(path, access: .readOnly)
        let customer = try #require(try reopened.customer(id: "C1"))
        #expect(customer.firstName == "Hồng Nhung")
        #expect(customer.lastName == "Nguyễn Thị")
        #expect(customer.attributes == ["plan": .string("gold")])
        #expect(customer.unsubscribedCategories == [.survey])
        #expect(customer.signedUpAt == Timestamp.parse("2026-11-20T09:15:00+07:00"))
    }

    @Test(arguments: StoreKind.allCases) func anOccurrenceIsRecordedOnlyOnceEvenFromTwoConnections(_ kind: StoreKind)
        throws
    {
        let directory = try TemporaryDirectory()
        let path = try kind.location(directory.path("rapport.sqlite"))
        let first = try Store(path)
        let second = try Store(path)
        #expect(try first.record(due("C1"), transport: "default", at: now))
        #expect(try !second.record(due("C1"), transport: "default", at: now))
        #expect(try !first.record(due("C1", .skip(reason: "x")), transport: "default", at: now))
        #expect(try first.record(due("C1", campaign: "other"), transport: "default", at: now))
        let entries = try first.ledger(LedgerFilter(customerID: "C1"))
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.status == .queued })
    }

    @Test(arguments: StoreKind.allCases) func aQueuedMessageIsClaimedByOneWorkerUnderALease(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let path = try kind.location(directory.path("rapport.sqlite"))
        let first = try Store(path)
        let second = try Store(path)
        for id in ["C1", "C2", "C3"] { _ = try first.record(due(id), transport: "default", at: now) }

        let claimed = try first.claimDue(owner: "a", campaignIDs: ["welcome"], limit: 2, lease: 60, at: now)
        #expect(claimed.map(\.customerID) == ["C1", "C2"])
        #expect(claimed.allSatisfy { $0.attempt == 1 && !$0.leaseExpired })
        let rest = try second.claimDue(owner: "b", campaignIDs: ["welcome"], limit: 10, lease: 600, at: now)
        #expect(rest.map(\.customerID) == ["C3"], "a claimed message is not claimed again while its lease runs")
        #expect(try second.claimDue(owner: "b", campaignIDs: ["other"], limit: 10, lease: 60, at: now).isEmpty)

        // Worker a dies holding C2; once the lease runs out, b takes it over and is told so.
        #expect(
            try first.complete(claimed[0], owner: "a", as: .sent, reply: "250 ok", message: message(to: "C1"), at: now))
        let later = now.addingTimeInterval(61)
        let takenOver = try second.claimDue(owner: "b", campaignIDs: ["welcome"], limit: 10, lease: 60, at: later)
        #expect(takenOver.map(\.customerID) == ["C2"])
        #expect(takenOver.first?.leaseExpired == true)
        #expect(takenOver.first?.attempt == 2)
        #expect(
            try !first.complete(claimed[1], owner: "a", as: .sent, reply: "250 late", at: later),
            "a worker whose lease ran out cannot overwrite the new owner's outcome")

        // A graceful stop gives unsent claims back at once.
        try second.release(rest, owner: "b")
        let again = try first.claimDue(owner: "a", campaignIDs: ["welcome"], limit: 10, lease: 60, at: later)
        #expect(again.map(\.customerID) == ["C3"])
        #expect(again.first?.attempt == 1)
    }

    @Test(arguments: StoreKind.allCases) func completeRecordsTheReplyRetriesWaitAndFiltersWork(_ kind: StoreKind) throws
    {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        for id in ["C1", "C2", "C3"] { _ = try store.record(due(id), transport: "default", at: now) }
        let claims = try store.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 10, lease: 60, at: now)
        try store.complete(
            claims[0], owner: "w", as: .sent, reply: "250 2.0.0 Ok: queued as ABC", message: message(to: "C1"), at: now)
        try store.complete(claims[1], owner: "w", as: .failed, reply: "550 5.1.1 no such user", at: now)
        let retryAt = now.addingTimeInterval(300)
        try store.complete(
            claims[2], owner: "w", as: .retrying, reply: "451 4.3.0 try later", notBefore: retryAt, at: now)

        let failed = try store.ledger(LedgerFilter(status: .failed))
        #expect(failed.map(\.customerID) == ["C2"])
        #expect(failed.first?.reply == "550 5.1.1 no such user")
        let sent = try #require(try store.ledger(LedgerFilter(campaignID: "welcome", customerID: "C1")).first)
        #expect(sent.status == .sent)
        #expect(sent.messageID == (try message(to: "C1")).messageID.description)
        #expect(sent.recipient == "C1@example.vn")
        #expect(sent.attempts == 1)
        let retrying = try #require(try store.ledger(LedgerFilter(status: .retrying)).first)
        #expect(retrying.notBefore == retryAt)
        #expect(try store.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 10, lease: 60, at: now).isEmpty)
        let second = try store.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 10, lease: 60, at: retryAt)
        #expect(second.map(\.customerID) == ["C3"])
        #expect(second.first?.attempt == 2)
        #expect(try store.ledger(LedgerFilter(since: now.addingTimeInterval(1))).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aWorkerWhoseLeaseWasTakenOverCannotRenewIt(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        _ = try store.record(due("C1"), transport: "default", at: now)
        let mine = try #require(
            try store.claimDue(owner: "a", campaignIDs: ["welcome"], limit: 1, lease: 60, at: now).first)
        #expect(try store.renewLease(of: mine, owner: "a", lease: 60, at: now.addingTimeInterval(30)))
        let later = now.addingTimeInterval(91)
        #expect(try store.claimDue(owner: "b", campaignIDs: ["welcome"], limit: 1, lease: 60, at: later).count == 1)
        #expect(try !store.renewLease(of: mine, owner: "a", lease: 60, at: later))
    }

    @Test(arguments: StoreKind.allCases) func aWorkersBatchIsReadAndRenewedInOneCallEach(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        let patches = ["C1", "C2", "C3"].map { id in
            var patch = CustomerPatch(id: id)
            patch.email = "\(id)@example.vn"
            return patch
        }
        _ = try store.upsert(patches, at: now)
        #expect(try store.customers(ids: ["C1", "C3", "C9"]).map(\.id).sorted() == ["C1", "C3"])

        // Each recipient gets its own answer, in order: the address without case, or its channel's
        // entry on that channel only.
        try store.suppress(["c1@EXAMPLE.vn"], reason: "550 5.1.1", at: now)
        try store.suppress(["zalo:+84912345678"], reason: "-124 not a Zalo user", at: now)
        let found = try store.suppressions(of: [
            ("C1@example.vn", "smtp:C1@example.vn"), ("C2@example.vn", nil), ("+84912345678", "zalo:+84912345678"),
            ("+84912345678", "sms:+84912345678"),
        ])
        #expect(found.map { $0?.reason } == ["550 5.1.1", nil, "-124 not a Zalo user", nil])

        // Of a worker's claims, renewal keeps those whose lease still held and names them.
        for id in ["C1", "C2", "C3"] { _ = try store.record(due(id), transport: "default", at: now) }
        let first = try store.claimDue(owner: "a", campaignIDs: ["welcome"], limit: 1, lease: 60, at: now)
        let rest = try store.claimDue(
            owner: "a", campaignIDs: ["welcome"], limit: 2, lease: 60, at: now.addingTimeInterval(50))
        let later = now.addingTimeInterval(61)
        #expect(try store.claimDue(owner: "b", campaignIDs: ["welcome"], limit: 3, lease: 60, at: later).count == 1)
        #expect(try store.renewLeases(of: first + rest, owner: "a", lease: 60, at: later) == Set(rest.map(\.id)))
    }

    @Test(arguments: StoreKind.allCases) func outcomesRecordedAtOnceAreEachCommittedWhenTheirCallReturns(
        _ kind: StoreKind
    ) throws {
        let directory = try TemporaryDirectory()
        let location = try kind.location(directory.path("rapport.sqlite"))
        let store = try Store(location)
        let other = try Store(location)
        let ids = (0..<200).map { "C\($0)" }
        for id in ids { _ = try store.record(due(id), transport: "default", at: now) }
        // The first 10 claims' lease runs out and another worker takes them over.
        let early = try store.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 10, lease: 60, at: now)
        let late = try store.claimDue(
            owner: "w", campaignIDs: ["welcome"], limit: 190, lease: 60, at: now.addingTimeInterval(50))
        #expect(
            try store.claimDue(owner: "b", campaignIDs: ["welcome"], limit: 200, lease: 60, at: now + 61).count == 10)

        // Many workers at once, each on its own thread as the delivery workers are.
        let results = Mutex<[Int64: (Bool, DeliveryStatus?)]>([:])
        let failures = Mutex<[String]>([])
        let callers = DispatchGroup()
        for claim in early + late {
            DispatchQueue.global().async(group: callers) {
                do {
                    let held = try store.complete(
                        claim, owner: "w", as: .sent, reply: "250 ok", message: try message(to: claim.customerID),
                        at: now)
                    // Returned means committed: another connection sees it at once.
                    let seen = try other.ledger(LedgerFilter(customerID: claim.customerID)).first?.status
                    results.withLock { $0[claim.id] = (held, seen) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        callers.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let recorded = results.withLock { $0 }
        #expect(recorded.count == 200)
        #expect(early.allSatisfy { recorded[$0.id]?.0 == false && recorded[$0.id]?.1 == .sending })
        #expect(late.allSatisfy { recorded[$0.id]?.0 == true && recorded[$0.id]?.1 == .sent })
    }

    @Test(arguments: StoreKind.allCases) func retriesCountTheGiveUpAgeFromWhenADeferralWasQueued(_ kind: StoreKind)
        throws
    {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        let opening = now.addingTimeInterval(11 * 3_600)
        _ = try store.record(due("C1", .deferral(until: opening, reason: "night")), transport: "default", at: now)
        #expect(try store.resume(due("C1"), at: opening))
        let claim = try #require(
            try store.claimDue(owner: "a", campaignIDs: ["welcome"], limit: 1, lease: 60, at: opening).first)
        #expect(claim.firstDue == opening)
    }

    @Test(arguments: StoreKind.allCases) func suppressedAddressesAreListedWithoutCase(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        #expect(try store.suppress(["Lan@Example.vn", "b@example.vn"], reason: "550 5.1.1", at: now) == 2)
        #expect(try store.suppress(["lan@example.vn"], reason: "again", at: now) == 0)
        #expect(try store.suppression(of: "LAN@example.VN")?.reason == "550 5.1.1")
        #expect(try store.unsuppress(["b@EXAMPLE.vn"]) == 1)
        #expect(try store.suppressions().map(\.address) == ["Lan@Example.vn"])
    }

    @Test(arguments: StoreKind.allCases) func welcomeCandidatesExcludeThoseAlreadyInTheLedger(_ kind: StoreKind) throws
    {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
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
        _ = try store.record(due("C1"), transport: "default", at: now)
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

    @Test(arguments: StoreKind.allCases) func birthdayCandidatesUseMonthDayAndRecentLedgerRows(_ kind: StoreKind) throws
    {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
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

        _ = try store.record(due("C1", campaign: "birthday"), transport: "default", at: now)
        let recent = try store.customersWithBirthday(
            on: days, withoutDeliveryOf: "birthday", since: now.addingTimeInterval(-2 * 86_400))
        #expect(recent.map(\.id) == ["C2", "C3"])
        // Last year's row does not hide this year's birthday.
        let nextYear = try store.customersWithBirthday(
            on: days, withoutDeliveryOf: "birthday", since: now.addingTimeInterval(363 * 86_400))
        #expect(nextYear.map(\.id) == ["C1", "C2", "C3"])
    }

    @Test(arguments: StoreKind.allCases) func renewalDateChangesAreTimestampedAndRecordedOccurrencesAreListed(
        _ kind: StoreKind
    ) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
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
        _ = try store.record(
            Decision(campaignID: "renewal", customerID: "C1", occurrence: reminder, action: .skip(reason: "test")),
            transport: "default", at: now)
        let ids = (0..<1200).map { "X\($0)" } + ["C1"]
        #expect(
            try store.recordedOccurrences(of: "renewal", for: ids) == [
                LedgerKey(customerID: "C1", occurrence: reminder)
            ])
        #expect(try store.recordedOccurrences(of: "other", for: ids).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func renewalCandidatesAreHeldToTheirOwnZonesDatesAndComeWithoutAttributesWhenAsked(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
        var patches: [CustomerPatch] = []
        for (id, zone, renewal) in [
            ("A", "Europe/London", "2027-05-21"), ("B", "Europe/London", "2027-05-22"),
            ("C", nil, "2027-05-21"), ("D", nil, "2027-05-22"), ("E", "Asia/Tokyo", "2027-05-21"),
        ] as [(String, String?, String)] {
            var patch = CustomerPatch(id: id)
            patch.email = "\(id)@example.vn"
            patch.timeZone = zone
            patch.renewalDate = LocalDate(renewal)
            patch.attributes = ["plan": .string("gold")]
            patches.append(patch)
        }
        _ = try store.upsert(patches, at: now)
        let dates = [LocalDate("2027-05-21")!, LocalDate("2027-05-22")!]
        var asked: [String?] = []
        let narrowed = try store.customersWithRenewal(
            on: dates,
            zoneDates: { zone in
                asked.append(zone)
                switch zone {
                case "Europe/London": return [LocalDate("2027-05-22")!]
                case nil: return [LocalDate("2027-05-21")!]
                default: return []
                }
            }, attributes: false)
        #expect(narrowed.map(\.id) == ["B", "C"])
        #expect(Set(asked) == ["Europe/London", nil, "Asia/Tokyo"], "each zone among the dates' customers, once")
        #expect(narrowed.allSatisfy { $0.attributes.isEmpty })
        #expect(try store.customersWithRenewal(on: dates).map(\.id) == ["A", "B", "C", "D", "E"])
        #expect(try store.customersWithRenewal(on: dates).allSatisfy { $0.attributes == ["plan": .string("gold")] })
        #expect(try store.customersWithRenewal(on: dates, zoneDates: { _ in [] }).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func lastActivityWindowsSelectOnlyCustomersCrossingAThreshold(
        _ kind: StoreKind
    ) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
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

    @Test(arguments: StoreKind.allCases) func eventsAreIdempotentAndMoveLastActivityOnlyForward(_ kind: StoreKind)
        throws
    {
        let directory = try TemporaryDirectory()
        let store = try Store(try kind.location(directory.path("rapport.sqlite")))
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
