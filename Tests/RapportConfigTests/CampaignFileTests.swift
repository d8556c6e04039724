import Foundation
import RapportConfig
import RapportCore
import Testing

@Suite struct CampaignFileTests {
    let valid = """
        id: welcome
        category: marketing
        trigger:
          kind: welcome
          delay: 1h
          since: 2026-01-01
        audience:
          - { attribute: plan, in: [gold, silver] }
        message:
          subject: "Chào mừng {{first_name}}!"
          text: |
            Chào {{first_name}},
            cảm ơn bạn.
          locales:
            en: { subject: "Welcome, {{first_name}}!", text: "Hi {{first_name}}" }
        """

    @Test func validCampaignLoads() throws {
        let campaign = try CampaignFile.parse(valid, file: "welcome.yml")
        #expect(campaign.id == "welcome")
        #expect(campaign.transport == "default")
        guard case .welcome(let trigger) = campaign.trigger else {
            Issue.record("expected a welcome trigger")
            return
        }
        #expect(trigger.steps.map(\.delay) == [TimeSpan(seconds: 3600)])
        #expect(trigger.since == LocalDate("2026-01-01")!)
        #expect(
            campaign.audience.conditions == [AudienceCondition(attribute: "plan", test: .isIn(["gold", "silver"]))])
        #expect(campaign.message.locales.keys.sorted() == ["en"])
    }

    @Test(arguments: [
        ("trigger:\n  kind: welcome\n  since: 2026-01-01\n  delay: soon", "trigger.delay", 4),
        ("trigger:\n  kind: welcome\n  delay: 1h\n  since: 2026-13-01", "trigger.since", 4),
        ("trigger:\n  kind: weekly", "trigger.kind", 2),
        ("trigger:\n  kind: welcome\n  delay: 1h", "trigger", 2),
        ("tigger: {}", "tigger", 1),
        ("category: spam", "category", 1),
        ("trigger: { kind: event, kinds: [a] }\ntracking: { opens: sometimes }", "tracking.opens", 2),
        ("trigger: { kind: event, kinds: [a] }\ntracking: { views: true }", "tracking.views", 2),
        ("trigger:\n  kind: event\n  delay: 1h", "trigger", 2),
    ])
    func badKeysNameTheFieldAndLine(body: String, field: String, line: Int) {
        let yaml = "id: x\nmessage: { subject: s, text: t }\n" + body
        let error = #expect(throws: ConfigError.self) { try CampaignFile.parse(yaml, file: "c.yml") }
        #expect(error?.field == field)
        #expect(error?.location.line == line + 2)
        #expect(error?.location.file == "c.yml")
    }

    @Test func eventTriggerAndTrackingLoad() throws {
        let yaml = """
            id: thanks
            trigger: { kind: event, kinds: [nps_answer], delay: 1h }
            tracking: { opens: true, clicks: true }
            message: { subject: "Cảm ơn", text: "t", html: "<a href='{{unsubscribe_url}}'>x</a>" }
            """
        let campaign = try CampaignFile.parse(yaml, file: "thanks.yml")
        #expect(campaign.trigger.eventRule?.kinds == ["nps_answer"])
        #expect(campaign.trigger.eventRule?.cooldown == TimeSpan(seconds: 0))
        #expect(campaign.tracking == MessageTracking(opens: true, clicks: true))
        #expect(campaign.firstLinkField?.line == 4)
    }

    /// One run of `check` shows every mistake of a file, each at its own place: unknown keys,
    /// bad values and template typos in the subject, the text and a locale alike.
    @Test func everyMistakeOfAFileIsReportedAtItsPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-campaign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("welcome.yml")
        try """
        id: welcome
        category: promo
        colour: red
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        priority: high
        message:
          subject: "Chào {{frist_name}}"
          text: "Chào {{last_nmae}}"
          locales:
            en: { subject: "Hi", text: "Hi {{emial}}" }
        """.write(to: file, atomically: true, encoding: .utf8)
        let reading = CampaignFile.read(path: file.path)
        let found = reading.errors.map { "\($0.location.line):\($0.location.column) \($0.field)" }
        #expect(
            found.sorted() == [
                "10:36 message.locales.en.text", "2:11 category", "3:1 colour", "5:11 priority", "7:18 message.subject",
                "8:15 message.text",
            ], "\(reading.errors)")
        #expect(reading.partial == nil, "a campaign with errors is not run")
    }

    @Test func yamlSyntaxErrorIsLocated() {
        let error = #expect(throws: ConfigError.self) {
            try CampaignFile.parse("id: x\ntrigger: [welcome\nmessage: {}\n", file: "broken.yml")
        }
        #expect(error?.location.file == "broken.yml")
        #expect(error?.location.line == 3)
        #expect(error?.message.contains("YAML") == true)
    }

    @Test func unknownTemplateFieldPointsIntoTheYAMLValue() {
        let yaml = valid.replacingOccurrences(of: "Welcome, {{first_name}}!", with: "Welcome, {{frist_name}}!")
        let error = #expect(throws: ConfigError.self) { try CampaignFile.parse(yaml, file: "welcome.yml") }
        #expect(error?.location.line == 15)
        // `    en: { subject: "Welcome, ` is 29 characters: the tag starts at column 30.
        #expect(error?.location.column == 30)
        #expect(error?.message.contains("frist_name") == true)
    }
}

@Suite struct RenewalCampaignWarningTests {
    static func renewal(after: String, subject: String = "Your membership renews on {{renewal_date}}") -> String {
        """
        id: renewal
        category: transactional
        trigger: { kind: renewal, before: [7d], after: \(after) }
        message: { subject: "\(subject)", text: "Reply before then" }
        """
    }

    /// `check` warns when one message serves both sides of the date and cannot tell them apart.
    @Test(arguments: [
        (renewal(after: "[3d]"), true),
        (renewal(after: "[{ offset: 3d, message: { subject: Lapsed, text: Renew } }]"), false),
        (renewal(after: "[3d]", subject: "{{#days_left}}{{days_left}} days left{{/days_left}}"), false),
        (renewal(after: "[]"), false),
    ])
    func oneMessageOnBothSidesOfTheDateIsWarnedAbout(text: String, warned: Bool) throws {
        let campaign = try CampaignFile.parse(text, file: "/campaigns/renewal.yml")
        let warnings = CampaignWarnings.of([campaign])
        #expect(warnings.isEmpty != warned, "\(warnings)")
        if warned {
            #expect(warnings.first?.description.hasPrefix("/campaigns/renewal.yml:4:") == true, "\(warnings)")
        }
    }
}

@Suite struct SurveyFollowUpWarningTests {
    /// A follow-up quicker than the scan window may go out on a scanner's sweep before it is taken back.
    @Test(arguments: [("0s", true), ("29s", true), ("30s", false), ("1h", false)])
    func aFollowUpQuickerThanTheScanWindowIsWarnedAbout(delay: String, warned: Bool) throws {
        let campaign = try CampaignFile.parse(
            """
            id: nps-detractor
            category: survey
            trigger: { kind: event, kinds: [nps_answer], delay: \(delay) }
            message: { subject: Sorry, text: Sorry }
            """, file: "/campaigns/nps-detractor.yml")
        let links = LinkSettings(
            baseURL: "https://hoamai.example/r", signer: LinkSigner(secret: Array(repeating: 7, count: 32))!,
            npsExpiry: TimeSpan("30d")!)
        let warnings = CampaignWarnings.of([campaign], links: links)
        #expect(warnings.isEmpty != warned, "\(warnings)")
        #expect(CampaignWarnings.of([campaign]).isEmpty, "no links: no survey links to sweep")
    }
}
