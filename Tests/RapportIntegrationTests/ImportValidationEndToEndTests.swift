import Foundation
import GRDB
import Testing

/// `rapport import` as an operator runs it on files from other systems: every refused row named
/// as FILE:LINE: field: reason, every good row imported, and the store holding exactly those.
@Suite struct ImportValidationEndToEndTests {
    static let now = "2026-11-23T09:00:00+07:00"

    func write(_ bytes: [UInt8], to name: String, in setup: Deployment) throws -> String {
        let url = setup.directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func rows(_ sql: String, in setup: Deployment) throws -> [String] {
        try DatabaseQueue(path: setup.storePath).read { db in
            try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { "\($0)" }.joined(separator: "|") }
        }
    }

    @Test func customerRowsWithNULBadUTF8OrARepeatedIdAreNamedAndTheRestImported() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        var bytes = Array("id,email,first_name\nC1,a@example.vn,Lan\nJ14".utf8) + [0x00]
        bytes += Array("-x,fake@example.vn,Giả\nC2,b@example.vn,Ho".utf8) + [0xE0, 0x80]
        bytes += Array("a\nC3,c@example.vn,An\nC1,other@example.vn,Lan\nJ14,j14@example.vn,Thật\n".utf8)
        let file = try write(bytes, to: "customers-hostile.csv", in: setup)

        let imported = try await setup.cli.run(["import", "customers", file, "--now", Self.now])
        #expect(imported.status == 65, "\(imported)")
        #expect(
            imported.stderr == """
                error: \(file):3: id: holds the control character U+0000 at character 4; remove it
                error: \(file):4: the line is not valid UTF-8
                error: \(file):6: id: 'C1' already appears on line 2

                """, "\(imported)")
        #expect(imported.stdout == "\(file): 3 customers imported (3 new, 0 updated), 3 rows skipped\n", "\(imported)")
        #expect(
            try rows("SELECT id, email, first_name FROM customers ORDER BY id", in: setup) == [
                "\"C1\"|\"a@example.vn\"|\"Lan\"", "\"C3\"|\"c@example.vn\"|\"An\"",
                "\"J14\"|\"j14@example.vn\"|\"Thật\"",
            ])
    }

    @Test func jsonLinesWithARepeatedKeyAControlCharacterOrAYear9999ChangeNothing() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        let seed = try write(Array("id,email\nC1,a@example.vn\n".utf8), to: "seed.csv", in: setup)
        #expect(try await setup.cli.run(["import", "customers", seed]).status == 0)
        let before = try rows("SELECT * FROM customers ORDER BY id", in: setup)
        let file = try write(
            Array(
                #"""
                {"id": "C1", "email": "a@example.vn", "email": "b@example.vn"}
                {"id": "C1", "first_name": "Lan\u0000 Anh"}
                {"id": "C\u00851", "email": "c@example.vn"}
                {"id": "C1", "last_active_at": "9999-01-01T00:00:00Z"}
                """#.utf8), to: "customers.jsonl", in: setup)

        let imported = try await setup.cli.run(["import", "customers", file, "--now", Self.now])
        #expect(imported.status == 65, "\(imported)")
        #expect(
            imported.stderr == """
                error: \(file):1: email: appears twice in one object; give each key once
                error: \(file):2: first_name: holds the control character U+0000 at character 4; only tab and line breaks are allowed
                error: \(file):3: id: holds the control character U+0085 at character 2; remove it
                error: \(file):4: last_active_at: '9999-01-01T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened

                """, "\(imported)")
        #expect(imported.stdout == "\(file): 0 customers imported (0 new, 0 updated), 4 rows skipped\n", "\(imported)")
        #expect(try rows("SELECT * FROM customers ORDER BY id", in: setup) == before)
    }

    /// The lines the API always refused, which the import once recorded (an average order value of
    /// −1.67 in reports, a year-9999 visit that stopped win-back for good), and a second import of
    /// the same file, which once stored the events without `id` again.
    @Test func eventsPassTheAPIsCheckAndAReimportRecordsNothingNew() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        let seed = try write(Array("id,email\nC1,a@example.vn\n".utf8), to: "seed.csv", in: setup)
        #expect(try await setup.cli.run(["import", "customers", seed]).status == 0)
        let file = try write(
            Array(
                #"""
                {"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "properties": {"amount": 350000}}
                {"customer": "C1", "kind": "purchase", "at": "2026-11-20T10:00:00+07:00", "properties": {"amount": "abc"}}
                {"customer": "C1", "kind": "purchase", "at": "2026-11-20T10:00:00+07:00"}
                {"customer": "C1", "kind": "purchase", "at": "2026-11-20T10:00:00+07:00", "properties": {"amount": -5}}
                {"customer": "C1", "kind": "renewal", "at": "2026-11-20T10:00:00+07:00", "properties": {"renewal_date": "next year"}}
                {"customer": "C1", "kind": "activity", "at": "9999-01-01T00:00:00Z"}
                {"customer": "C1", "kind": "activity", "at": "2026-11-21T08:00:00+07:00", "id": "visit-1"}
                """#.utf8), to: "events.jsonl", in: setup)
        let refusals = """
            error: \(file):2: properties.amount: a purchase needs its amount as a number of 0 or more
            error: \(file):3: properties.amount: a purchase needs its amount as a number of 0 or more
            error: \(file):4: properties.amount: a purchase needs its amount as a number of 0 or more
            error: \(file):5: properties.renewal_date: a renewal needs the next renewal date as YYYY-MM-DD, e.g. "2027-11-20"
            error: \(file):6: at: '9999-01-01T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened

            """

        let first = try await setup.cli.run(["import", "events", file, "--now", Self.now])
        #expect(first.status == 65, "\(first)")
        #expect(first.stderr == refusals, "\(first)")
        #expect(first.stdout == "\(file): 2 events recorded, 0 already known, 5 lines skipped\n", "\(first)")
        let events = try rows("SELECT kind, occurred_at, properties FROM events ORDER BY occurred_at", in: setup)
        #expect(
            events == [
                #""purchase"|"2026-11-20 02:30:00.000"|"{\"amount\":350000}""#,
                #""activity"|"2026-11-21 01:00:00.000"|"{}""#,
            ])
        let customer = try rows("SELECT last_active_at, renewal_date FROM customers", in: setup)
        #expect(customer == [#""2026-11-21 01:00:00.000"|NULL"#])

        let second = try await setup.cli.run(["import", "events", file, "--now", Self.now])
        #expect(second.status == 65, "\(second)")
        #expect(second.stderr == refusals, "\(second)")
        #expect(second.stdout == "\(file): 0 events recorded, 2 already known, 5 lines skipped\n", "\(second)")
        #expect(try rows("SELECT kind, occurred_at, properties FROM events ORDER BY occurred_at", in: setup) == events)
    }
}
