import Foundation
import RapportTestSupport
import Testing

/// Birthdays through the built binary and a real SMTP server, ticking every hour across a
/// day boundary and a spring-forward night.
@Suite struct BirthdayEndToEndTests {
    static let campaign = """
        id: birthday
        trigger: { kind: birthday, at: "09:00", feb29: feb28 }
        message:
          subject: "Chúc mừng sinh nhật {{#first_name}}{{first_name}}{{/first_name}}{{^first_name}}bạn{{/first_name}}!"
          text: "Chúc mừng sinh nhật!"
        """

    /// Hand-written expectations: who is wished, and in which UTC hour the first tick at or after
    /// 09:00 local falls.
    static let customers = """
        id,email,first_name,time_zone,birthday
        VN,vn@example.vn,Hồng Nhung,Asia/Ho_Chi_Minh,1994-03-08
        NY,ny@example.com,Ann,America/New_York,1985-03-08
        KI,ki@example.com,Teuea,Pacific/Kiritimati,1990-03-08
        LEAP,leap@example.vn,,Asia/Ho_Chi_Minh,1988-02-29
        OLD,old@example.vn,Bảo,Asia/Ho_Chi_Minh,1900-01-01
        OTHER,other@example.vn,Lan,Asia/Ho_Chi_Minh,1990-03-09

        """

    @Test func eachCustomerIsWishedOnceAtNineLocalTime() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(
                smtpURL: server.url, campaignFiles: ["birthday.yml": Self.campaign])
            defer { setup.cleanUp() }
            let file = setup.directory.appendingPathComponent("birthdays.csv")
            try Self.customers.write(to: file, atomically: true, encoding: .utf8)
            let imported = try await setup.cli.run(["import", "customers", file.path])
            #expect(imported.status == 0, "\(imported)")

            // Hourly ticks from 2027-02-27 00:00Z to 2027-03-09 00:00Z would be 240 processes;
            // tick hourly only around the two interesting days.
            var firstSeen: [String: String] = [:]
            let formatter = ISO8601DateFormatter()
            for start in ["2027-02-27T12:00:00Z", "2027-03-07T12:00:00Z"] {
                var tick = formatter.date(from: start)!
                for _ in 0..<36 {
                    let now = formatter.string(from: tick)
                    let run = try await setup.cli.run(["run", "--once", "--now", now])
                    #expect(run.status == 0, "\(run)")
                    for message in try server.messages() where firstSeen[message.rcptTos[0]] == nil {
                        firstSeen[message.rcptTos[0]] = now
                    }
                    tick.addTimeInterval(3600)
                }
            }
            #expect(
                firstSeen == [
                    "leap@example.vn": "2027-02-28T02:00:00Z",
                    "ki@example.com": "2027-03-07T19:00:00Z",
                    "vn@example.vn": "2027-03-08T02:00:00Z",
                    "ny@example.com": "2027-03-08T14:00:00Z",
                ])
            let received = try server.messages()
            #expect(received.count == 4, "each customer once: \(received.map(\.rcptTos))")
            let leap = try #require(received.first { $0.rcptTos == ["leap@example.vn"] })
            let decoded = try await DecodedMessage(raw: leap.content, scratch: setup.directory)
            #expect(decoded.subject == "Chúc mừng sinh nhật bạn!")
        }
    }
}
