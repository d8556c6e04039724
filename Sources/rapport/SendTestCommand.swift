import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore

struct SendTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send one campaign's message for one customer to a reviewer, marked as a test.",
        discussion: """
            Renders the campaign's message for the customer now (or at --now), with the customer's data \
            and language, and sends it through the campaign's transport to ADDRESS instead of the \
            customer: the subject starts with '[TEST] ', a header 'X-Rapport-Test: yes' marks it, and it \
            has a Message-ID of its own (an HTTP API's Idempotency-Key with it), so the customer's real \
            message is not taken for a repeat. Nothing is recorded: no ledger row, no effect on the \
            frequency cap or a survey's cooldown, and the customer still gets the real message when it \
            is due. Its links (unsubscribe, survey scores, tracking) are signed with a throwaway key, so \
            clicking them shows the invalid-link page and changes nothing for the customer.

            The trigger need not be due: the sample renders the occurrence open now, else the customer's \
            next one, else their latest (a renewal reminder names its date; a welcome drip's step picks \
            its own message; an event or survey campaign, the customer's latest event of its kinds, \
            whose fields fill {{event.…}}); --occurrence chooses another, e.g. 'signup+3d' for a drip's \
            second step or 'interaction:42' for event 42. \
            A transport whose HTTP body template may address the customer from their data (an SMS API) \
            is refused.

            Examples:
              rapport send-test --campaign birthday --customer C42 --to reviewer@hoamai.example
              rapport send-test --campaign welcome --customer C42 --to me@hoamai.example --occurrence signup+3d
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: NowOption

    @Option(help: "The campaign id.")
    var campaign: String

    @Option(help: "The customer id whose data fills the message.")
    var customer: String

    @Option(help: ArgumentHelp("Where the sample goes instead of the customer.", valueName: "address"))
    var to: String

    @Option(help: "The occurrence to render (as in 'rapport log'); default: the one open now or the next.")
    var occurrence: String?

    func validate() throws {
        do {
            _ = try EmailAddress(to)
        } catch {
            throw ValidationError("--to: \(error.description)")
        }
    }

    @Flag(help: "Print what was sent as one JSON object.")
    var json = false

    /// What `send-test --json` prints, with the names `log --json` gives the same things.
    struct SentTest: Encodable {
        var campaignID: String
        var occurrence: String
        var customerID: String
        var recipient: String
        var transport: String
        var reply: String
        var subject: String
        var messageID: String
    }

    func run() async throws {
        let config = try global.loadConfig()
        let set = CampaignSet.load(for: config)
        guard let campaign = set.campaigns.first(where: { $0.id == self.campaign }) else {
            for error in set.errors { printError(error.description) }
            throw ValidationError(
                "no campaign '\(self.campaign)' loads; the campaigns are \(set.campaigns.map(\.id).sorted().joined(separator: ", "))"
            )
        }
        let store = try Store(config.store, access: .readOnly)
        guard let customer = try store.customer(id: customer) else {
            throw ValidationError("no customer '\(self.customer)' in the store \(config.storePath)")
        }
        guard let transportConfig = config.transports[campaign.transport], transportConfig.sendsToMessageRecipient
        else {
            printError(
                "transport '\(campaign.transport)' builds its request from a body template that may address the customer directly; send-test cannot redirect it to \(to)"
            )
            throw ExitCode.failure
        }
        // Links in a sample are signed with a throwaway key: a reviewer who clicks an unsubscribe
        // or score link sees the invalid-link page instead of unsubscribing or answering for the
        // customer.
        let inertLinks = config.links.map { links in
            var generator = SystemRandomNumberGenerator()
            return LinkSettings(
                baseURL: links.baseURL,
                signer: LinkSigner(secret: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })!,
                npsExpiry: links.npsExpiry)
        }
        var evaluator = CampaignEvaluator(
            campaign: campaign, sender: config.sender, defaultZone: config.defaultTimeZone, links: inertLinks,
            defaultWindow: config.sendWindow)
        evaluator.defaultLanguage = config.language
        let now = time.wallClock.now
        // An event-driven message shows the customer's latest triggering event unless told which.
        let chosen =
            try occurrence.map(OccurrenceKey.init(rawValue:))
            ?? campaign.trigger.eventRule.flatMap { rule in
                try store.latestInteraction(of: rule.kinds, customerID: customer.id, until: now).map(
                    EventTrigger.key(of:))
            }
        let sample: Delivery
        switch evaluator.testSample(
            for: customer, occurrence: chosen, to: try EmailAddress(to), at: now, nonce: UUID().uuidString.lowercased(),
            event: try chosen.flatMap(store.triggeringEvent(of:)))
        {
        case .success(let rendered): sample = rendered
        case .failure(let unsendable):
            printError("cannot render \(campaign.id) for \(customer.id): \(unsendable.reason)")
            throw ExitCode.failure
        }
        if !evaluator.isEligible(customer) {
            printNote(
                "\(customer.id) is unsubscribed from \(campaign.category.rawValue) or outside the audience of \(campaign.id); the campaign itself would not send them this"
            )
        }
        let transport = try TransportSet.make([campaign.transport: transportConfig])[campaign.transport]!
        do {
            let receipt = try await transport.deliver(sample.envelope)
            if json {
                print(
                    JSONLines.encode(
                        SentTest(
                            campaignID: campaign.id, occurrence: sample.occurrence.rawValue, customerID: customer.id,
                            recipient: to, transport: campaign.transport, reply: receipt.reply,
                            subject: sample.message.subject, messageID: sample.message.messageID.description)))
                return
            }
            print(
                "sent a test of \(campaign.id) [\(sample.occurrence)] for \(customer.id) to \(to) through \(campaign.transport): \(receipt.reply)"
            )
            print("Subject: \(sample.message.subject)")
            print("Message-ID: \(sample.message.messageID); nothing was recorded in the ledger")
        } catch {
            printError("\(campaign.transport) did not take the test message: \(error.reply)")
            throw ExitCode.failure
        }
    }
}
