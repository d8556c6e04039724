import Foundation
import RapportTestSupport
import Testing

/// `rapport suppress add|remove|list|import` through the built binary, then a tick: listed
/// addresses are recorded `suppressed` and never reach the server.
@Suite struct SuppressCommandTests {
    @Test func operatorListsAreKeptAndNeverSentTo() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url)
            defer { setup.cleanUp() }
            let at = ["--now", "2026-11-22T10:00:00+07:00"]

            // A bad argument is named and skipped; the rest are added; 65 tells a script.
            let add = try await setup.cli.run(
                ["suppress", "add", "nhung@example.vn", "not an address", "--reason", "asked by phone"] + at)
            #expect(add.status == 65, "\(add)")
            #expect(add.stdout == "1 address added, 0 already listed, 1 skipped\n", "\(add)")
            #expect(
                add.stderr
                    == "error: address \"not an address\" is neither an email address nor a phone number (holds 'n'; give digits, optionally with +, spaces or dashes); skipped\n",
                "\(add)")
            let again = try await setup.cli.run(["suppress", "add", "NHUNG@example.vn"] + at)
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout == "0 addresses added, 1 already listed, 0 skipped\n", "\(again)")

            // A plain list with a comment, a blank line and a bad line; then a CSV export.
            let bounces = setup.directory.appendingPathComponent("bounces.txt")
            try "# old provider\nminh@example.com\n\nminh@@example.com\n  an@example.vn  \n".write(
                to: bounces, atomically: true, encoding: .utf8)
            let list = try await setup.cli.run(["suppress", "import", bounces.path] + at)
            #expect(list.status == 65, "\(list)")
            #expect(list.stdout == "\(bounces.path): 2 addresses added, 0 already listed, 1 line skipped\n", "\(list)")
            #expect(
                list.stderr
                    == "error: \(bounces.path):4: email: address \"minh@@example.com\" must have the form local@domain\n",
                "\(list)")
            let complaints = setup.directory.appendingPathComponent("complaints.csv")
            try "id,email,reason\n7,new@example.vn,spam complaint\n8,lan@example.vn,\n".write(
                to: complaints, atomically: true, encoding: .utf8)
            let csv = try await setup.cli.run(
                ["suppress", "import", complaints.path, "--reason", "complaint export"] + at)
            #expect(csv.status == 0, "\(csv)")
            #expect(
                csv.stdout == "\(complaints.path): 2 addresses added, 0 already listed, 0 lines skipped\n", "\(csv)")

            let removed = try await setup.cli.run(["suppress", "remove", "nhung@example.vn", "hoa@example.vn"])
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout == "1 address removed, 1 not listed, 0 skipped\n", "\(removed)")

            let shown = try await setup.cli.run(["suppress", "list"])
            #expect(shown.status == 0, "\(shown)")
            #expect(
                shown.stdout == """
                    ADDRESS           REASON                     SINCE
                    an@example.vn     imported from bounces.txt  2026-11-22 10:00 +07:00
                    lan@example.vn    complaint export           2026-11-22 10:00 +07:00
                    minh@example.com  imported from bounces.txt  2026-11-22 10:00 +07:00
                    new@example.vn    spam complaint             2026-11-22 10:00 +07:00
                    4 suppressed addresses

                    """, "\(shown)")
            let json = try await setup.cli.run(["suppress", "list", "--json"])
            #expect(
                json.stdout.split(separator: "\n").first
                    == #"{"address":"an@example.vn","reason":"imported from bounces.txt","since":"2026-11-22T10:00:00+07:00"}"#,
                "\(json)")

            // Of the three customers due a welcome, two are listed: only C001 gets it.
            _ = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])
            let tick = try await setup.cli.run(["run", "--once", "--now", WelcomeEndToEndTests.now])
            #expect(tick.status == 0, "\(tick)")
            #expect(
                tick.stdout.contains("3 delivery attempts (1 sent, 0 failed, 0 retrying, 2 suppressed)"),
                "\(tick)")
            #expect(try server.messages().map(\.rcptTos) == [["nhung@example.vn"]])
            let log = try await setup.cli.run(["log", "--status", "suppressed"])
            #expect(log.stdout.contains("suppressed: imported from bounces.txt"), "\(log)")
            #expect(log.stdout.hasSuffix("2 rows\n"), "\(log)")

            let help = try await setup.cli.run(["suppress", "import", "--help"])
            #expect(
                help.stdout.contains("an 'email' or a 'phone' column") && help.stdout.contains("Exit status"), "\(help)"
            )
        }
    }

    @Test func importWithoutAnEmailColumnIsRefusedWholesale() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let file = setup.directory.appendingPathComponent("export.csv")
        try "address,reason\nlan@example.vn,bounce\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await setup.cli.run(["suppress", "import", file.path])
        #expect(outcome.status == 65, "\(outcome)")
        #expect(
            outcome.stderr == "error: \(file.path):1: the CSV header row has no 'email' or 'phone' column\n",
            "\(outcome)")
        #expect(try await setup.cli.run(["suppress", "list"]).stdout == "0 suppressed addresses\n")
    }
}
