import Foundation
import RapportTestSupport
import Testing

/// The delivery engine against a real SMTP server that misbehaves on cue (the recipient's local
/// part scripts the fault, see `Fixtures/smtp_server.py`), driven through the built binary one
/// `rapport run --once --now …` at a time, with the clock moved past the ledger's `notBefore`.
@Suite(.serialized) struct DeliveryFaultEndToEndTests {
    static let start = Instant("2026-11-23T09:00:00+07:00")

    static let welcome = """
        id: welcome
        category: marketing
        transport: default
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        message:
          subject: "Chào mừng {{first_name}}!"
          text: "Chào {{first_name}}, cảm ơn bạn đã đăng ký."
        """

    /// A second campaign two days after signup, for gold customers only, to reach an address
    /// again after it was suppressed.
    static let tips = """
        id: tips
        category: marketing
        transport: default
        trigger: { kind: welcome, delay: 2d, since: 2026-01-01 }
        audience:
          - { attribute: plan, in: [gold] }
        message:
          subject: "Mẹo cho {{first_name}}"
          text: "Chào {{first_name}}, vài mẹo nhỏ."
        """

    /// One ledger row of `rapport log --json`, as a script reads it.
    struct LedgerLine: Decodable {
        var campaignID: String
        var customerID: String
        var status: String
        var attempts: Int
        var recipient: String?
        var messageID: String?
        var reply: String?
        var notBefore: String?

        enum CodingKeys: String, CodingKey {
            case campaignID = "campaign_id", customerID = "customer_id", status, attempts, recipient
            case messageID = "message_id", reply, notBefore = "not_before"
        }

        var nextAttempt: Instant? { notBefore.map(Instant.init) }
    }

    /// A deployment whose customers are `emails`, C1, C2, …, signed up two hours before `start`;
    /// the first is on the gold plan, the others silver.
    func deploy(
        _ server: SMTPTestServer, emails: [String], campaigns: [String: String] = ["welcome.yml": welcome],
        smtpSettings: String = #"starttls: "off""#, delivery: String = "{ retry_after: 1m, retry_max: 1h }"
    ) async throws -> Deployment {
        let setup = try Deployment(smtpURL: server.url, campaignFiles: campaigns, smtpSettings: smtpSettings)
        try setup.appendToConfig("delivery: \(delivery)")
        let rows = emails.enumerated().map { index, email in
            "C\(index + 1),\(email),Khách \(index + 1),2026-11-23T07:00:00+07:00,\(index == 0 ? "gold" : "silver")"
        }
        let file = setup.directory.appendingPathComponent("fault-customers.csv")
        try (["id,email,first_name,signed_up_at,plan"] + rows).joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        let imported = try await setup.cli.run(["import", "customers", file.path])
        #expect(imported.status == 0, "\(imported)")
        return setup
    }

    func tick(_ setup: Deployment, at time: Instant) async throws -> RapportCLI.Outcome {
        let outcome = try await setup.cli.run(["run", "--once", "--now", time.text])
        #expect(outcome.status == 0, "\(outcome)")
        return outcome
    }

    func ledger(_ setup: Deployment, _ filters: [String] = []) async throws -> [LedgerLine] {
        let log = try await setup.cli.run(["log", "--json"] + filters)
        #expect(log.status == 0, "\(log)")
        return try log.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(LedgerLine.self, from: Data($0.utf8))
        }
    }

    @Test(arguments: ["421", "451"])
    func temporaryRefusalIsRetriedAfterNotBeforeAndDeliveredOnce(code: String) async throws {
        try await withSMTPServer { server in
            let address = "flaky-2-\(code)@example.vn"
            let setup = try await deploy(server, emails: [address])
            defer { setup.cleanUp() }

            // Queued first without delivering, as `--status queued` shows it; then the first try.
            let queue = try await setup.cli.run(["run", "--once", "--no-deliver", "--now", Self.start.text])
            #expect(queue.stdout.contains("(1 queued"), "\(queue)")
            let queued = try await ledger(setup, ["--status", "queued"])
            #expect(queued.count == 1 && queued.first?.attempts == 0, "\(queued)")
            let first = try await tick(setup, at: Self.start)
            #expect(first.stdout.contains("(0 sent, 0 failed, 1 retrying, 0 suppressed)"), "\(first)")
            #expect(try await ledger(setup, ["--status", "queued"]).isEmpty)
            let afterFirst = try #require(try await ledger(setup).first)
            #expect(afterFirst.status == "retrying" && afterFirst.attempts == 1, "\(afterFirst)")
            #expect(afterFirst.reply?.hasPrefix(code) == true, "\(afterFirst)")
            let firstRetry = try #require(afterFirst.nextAttempt)
            #expect(
                (44...76).contains(firstRetry.date.timeIntervalSince(Self.start.date)), "1m ± jitter: \(firstRetry)")

            // The table shows the next try, in the config's zone; a tick before it leaves the message alone.
            let table = try await setup.cli.run(["log", "--status", "retrying"])
            let shown = DateFormatter()
            shown.locale = Locale(identifier: "en_US_POSIX")
            shown.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
            shown.dateFormat = "yyyy-MM-dd HH:mm xxx"
            #expect(
                table.stdout.contains("NEXT") && table.stdout.contains(shown.string(from: firstRetry.date)), "\(table)")
            let early = try await tick(setup, at: Self.start.adding(30))
            #expect(early.stdout.contains(": 0 delivery attempts (0 sent, 0 failed, 0 retrying, 0 suppressed)"))
            #expect(try await ledger(setup).first?.attempts == 1)

            let second = try await tick(setup, at: firstRetry.adding(1))
            #expect(second.stdout.contains("1 retrying"), "\(second)")
            let afterSecond = try #require(try await ledger(setup).first)
            #expect(afterSecond.status == "retrying" && afterSecond.attempts == 2, "\(afterSecond)")
            let secondRetry = try #require(afterSecond.nextAttempt)
            #expect(secondRetry.date.timeIntervalSince(firstRetry.date) >= 89, "the backoff doubles: \(secondRetry)")

            let third = try await tick(setup, at: secondRetry.adding(1))
            #expect(third.stdout.contains("(1 sent, 0 failed"), "\(third)")
            _ = try await tick(setup, at: secondRetry.adding(86_400))

            let done = try #require(try await ledger(setup).first)
            #expect(done.status == "sent" && done.attempts == 3, "\(done)")
            #expect(done.reply?.hasPrefix("250 ") == true, "\(done)")
            #expect(done.nextAttempt == nil)
            let received = try server.messages()
            #expect(received.map(\.rcptTos) == [[address]], "exactly one copy arrives")
            let refused = try server.refusedMessages()
            #expect(refused.count == 2)
            let messageIDs = (refused + received).map { Self.messageID(in: $0.content) }
            #expect(Set(messageIDs).count == 1 && messageIDs[0] != nil, "\(messageIDs)")
            #expect(messageIDs[0] == done.messageID, "the ledger names the Message-ID that arrived")
        }
    }

    @Test func unknownMailboxFailsOnceIsSuppressedAndLaterCampaignsDoNotSendToIt() async throws {
        try await withSMTPServer { server in
            let gone = "reply-rcpt-550@example.vn"
            let setup = try await deploy(
                server, emails: [gone, "lan@example.vn"],
                campaigns: ["welcome.yml": Self.welcome, "tips.yml": Self.tips])
            defer { setup.cleanUp() }

            let first = try await tick(setup, at: Self.start)
            #expect(first.stdout.contains("welcome: 2 delivery attempts (1 sent, 1 failed"), "\(first)")
            let failed = try await ledger(setup, ["--status", "failed"])
            #expect(failed.count == 1, "\(failed)")
            #expect(failed.first?.customerID == "C1" && failed.first?.attempts == 1, "\(failed)")
            let reply = "550 5.1.1 <\(gone)>: Recipient address rejected: mailbox unavailable"
            #expect(failed.first?.reply == reply, "\(failed)")
            #expect(failed.first?.nextAttempt == nil, "never retried")

            let list = try await setup.cli.run(["suppress", "list"])
            #expect(list.status == 0, "\(list)")
            #expect(list.stdout.contains(gone) && list.stdout.contains("1 suppressed address"), "\(list)")
            let json = try await setup.cli.run(["suppress", "list", "--json"])
            #expect(
                json.stdout
                    == #"{"address":"\#(gone)","reason":"\#(reply)","since":"2026-11-23T09:00:00+07:00"}"# + "\n",
                "\(json)")

            // Nothing more is tried for the failed welcome, however long we wait.
            let connections = try server.connectionCount()
            for hours in [1.0, 24] { _ = try await tick(setup, at: Self.start.adding(hours * 3_600)) }
            #expect(try server.connectionCount() == connections)
            #expect(try await ledger(setup, ["--status", "failed"]).first?.attempts == 1)

            // Two days after signup the tips campaign is due for C1 (gold) only: suppressed, and
            // the server is not even contacted.
            let later = try await tick(setup, at: Self.start.adding(3 * 86_400))
            #expect(
                later.stdout.contains(
                    "tips: 1 delivery attempt (0 sent, 0 failed, 0 retrying, 1 suppressed)"), "\(later)")
            #expect(try server.connectionCount() == connections)
            let suppressed = try await ledger(setup, ["--status", "suppressed"])
            #expect(suppressed.count == 1, "\(suppressed)")
            #expect(suppressed.first?.campaignID == "tips" && suppressed.first?.recipient == gone, "\(suppressed)")
            #expect(suppressed.first?.reply == "suppressed: \(reply)", "\(suppressed)")
            #expect(try server.messages().map(\.rcptTos) == [["lan@example.vn"]])
        }
    }

    @Test func connectionDroppedMidDataIsRetriedAndDeliveredOnce() async throws {
        try await withSMTPServer { server in
            let address = "drop-data-1@example.vn"
            let setup = try await deploy(server, emails: [address])
            defer { setup.cleanUp() }

            #expect(try await tick(setup, at: Self.start).stdout.contains("1 retrying"))
            let dropped = try #require(try await ledger(setup).first)
            #expect(dropped.status == "retrying" && dropped.attempts == 1, "\(dropped)")
            #expect(dropped.reply?.isEmpty == false, "curl's account of the lost connection: \(dropped)")
            #expect(try server.messages().isEmpty)

            let retry = try #require(dropped.nextAttempt)
            #expect(try await tick(setup, at: retry.adding(1)).stdout.contains("(1 sent"))
            _ = try await tick(setup, at: retry.adding(86_400))
            let done = try #require(try await ledger(setup).first)
            #expect(done.status == "sent" && done.attempts == 2, "\(done)")
            let received = try server.messages()
            #expect(received.map(\.rcptTos) == [[address]], "exactly one copy arrives")
            #expect(Self.messageID(in: received[0].content) == done.messageID)
        }
    }

    @Test func slowServerWithinTheTimeoutsIsWaitedFor() async throws {
        try await withSMTPServer { server in
            // The server takes 3 s to answer the end of DATA; the whole message may take 10 s.
            let setup = try await deploy(
                server, emails: ["slow-3@example.vn"],
                smtpSettings: #"starttls: "off", connect_timeout: 2s, timeout: 10s"#)
            defer { setup.cleanUp() }

            let started = ContinuousClock.now
            let outcome = try await tick(setup, at: Self.start)
            let took = ContinuousClock.now - started
            #expect(outcome.stdout.contains("(1 sent, 0 failed"), "\(outcome)")
            #expect(took >= .seconds(3), "the reply really was slow: \(took)")
            let entry = try #require(try await ledger(setup).first)
            #expect(entry.status == "sent" && entry.attempts == 1, "\(entry)")
            #expect(try server.messages().count == 1)
        }
    }

    /// `starttls: required` against a server that offers no STARTTLS: nothing goes out in plain
    /// text. The operator can fix that (an smtps:// url, a server with TLS), so the message is
    /// retried with the reason in the ledger until `give_up_after`, then failed — and the address
    /// is not suppressed, as it is not the address's fault.
    @Test func requiredStartTLSThatTheServerLacksSendsNothingAndRetriesUntilGiveUp() async throws {
        try await withSMTPServer { server in
            let setup = try await deploy(
                server, emails: ["lan@example.vn"], smtpSettings: "starttls: required",
                delivery: "{ retry_after: 1m, retry_max: 2m, give_up_after: 10m }")
            defer { setup.cleanUp() }

            #expect(try await tick(setup, at: Self.start).stdout.contains("1 retrying"))
            let first = try #require(try await ledger(setup).first)
            #expect(first.status == "retrying", "\(first)")
            #expect(first.reply?.contains("the server offers no STARTTLS") == true, "\(first)")

            var time = Self.start
            var entry = first
            while entry.status == "retrying", let next = entry.nextAttempt, time.date < Self.start.adding(3_600).date {
                time = next.adding(1)
                _ = try await tick(setup, at: time)
                entry = try #require(try await ledger(setup).first)
            }
            #expect(entry.status == "failed", "\(entry)")
            #expect(entry.attempts > 3, "\(entry)")
            #expect(entry.reply?.hasPrefix("gave up after \(entry.attempts) attempts over 10m: ") == true, "\(entry)")
            #expect(entry.reply?.contains("the server offers no STARTTLS") == true, "\(entry)")
            #expect(try server.messages().isEmpty && server.refusedMessages().isEmpty)
            #expect(try await setup.cli.run(["suppress", "list"]).stdout == "0 suppressed addresses\n")
        }
    }

    /// Known issue: the give-up age counts from when the ledger row was written, not from when
    /// the message was queued, so one held by the send window (or the frequency cap) for longer
    /// than `give_up_after` fails at its first temporary refusal, unretried. The fix belongs in
    /// `Store.claimDue` (`Claim.firstDue`); this test then reports the known issue as gone.
    @Test func deferredMessageIsRetriedAfterItsFirstTemporaryRefusal() async throws {
        try await withSMTPServer { server in
            let setup = try await deploy(
                server, emails: ["flaky-1-451@example.vn"], delivery: "{ retry_after: 1m, give_up_after: 1h }")
            defer { setup.cleanUp() }
            try setup.appendToConfig(#"send_window: { from: "08:00", to: "21:00" }"#)

            let night = try await tick(setup, at: Instant("2026-11-23T22:00:00+07:00"))
            #expect(night.stdout.contains("1 deferred"), "\(night)")
            _ = try await tick(setup, at: Instant("2026-11-24T08:05:00+07:00"))
            let entry = try #require(try await ledger(setup).first)
            #expect(entry.attempts == 1 && entry.reply?.hasSuffix("451 4.3.0 try later") == true, "\(entry)")
            // give_up_after counts from when the window opened and it was queued, not from the deferral.
            #expect(entry.status == "retrying", "\(entry)")
        }
    }

    /// The Message-ID header of raw message bytes.
    static func messageID(in content: Data) -> String? {
        String(decoding: content, as: UTF8.self).components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("message-id:") }
            .map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces) }
    }
}

/// An instant as `--now` takes it and `rapport log --json` prints it.
struct Instant: Equatable, CustomStringConvertible {
    let date: Date

    init(_ text: String) {
        date = ISO8601DateFormatter().date(from: text)!
    }

    init(date: Date) {
        self.date = date
    }

    var text: String { ISO8601DateFormatter().string(from: date) }
    var description: String { text }

    func adding(_ seconds: TimeInterval) -> Instant { Instant(date: date.addingTimeInterval(seconds)) }
}
