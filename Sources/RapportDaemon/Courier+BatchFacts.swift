import RapportCore
import RapportStore

extension Courier {
    /// What a worker's batch of claims is rendered with and checked against, read in one query each
    /// for the whole batch rather than per message: the customers, and the suppression entry of each
    /// message's recipient on the channel it goes by first.
    ///
    /// Read right after the claim: an unsubscribe or a suppression that comes while the batch is
    /// being sent applies from the worker's next batch, at most `Courier.batchSize` messages later.
    struct BatchFacts: Sendable {
        /// What the suppression list says about one recipient: `entry` nil when it is not listed.
        struct Lookup: Sendable {
            var entry: Suppression?

            init(_ entry: Suppression?) {
                self.entry = entry
            }
        }

        /// By id; a customer no longer in the store is missing.
        let customers: [String: Customer]
        /// By claim: the channel and address asked about, and the answer.
        private let lookups: [Int64: (channel: Int, address: String, lookup: Lookup)]

        init(of claims: [Claim], evaluators: [String: CampaignEvaluator], store: Store) throws(StoreError) {
            customers = Dictionary(
                try store.customers(ids: claims.map(\.customerID)).map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            var asked: [(claim: Int64, channel: Int, address: String, channelAddress: String)] = []
            for claim in claims {
                guard let evaluator = evaluators[claim.campaignID], let customer = customers[claim.customerID] else {
                    continue
                }
                let channels = evaluator.campaign.channels
                let index = min(claim.channel, channels.count - 1)
                guard case .success(let recipient) = evaluator.address(of: customer, by: channels[index]) else {
                    continue
                }
                let transport = transport(of: claim, channels: channels, index: index)
                asked.append(
                    (claim.id, index, recipient.address, channelAddress(transport, recipient.address)))
            }
            let entries = try store.suppressions(of: asked.map { ($0.address, $0.channelAddress) })
            var lookups: [Int64: (channel: Int, address: String, lookup: Lookup)] = [:]
            for (question, entry) in zip(asked, entries) {
                lookups[question.claim] = (question.channel, question.address, Lookup(entry))
            }
            self.lookups = lookups
        }

        /// What the suppression list said about the message of `claim` to `address` by channel
        /// `channel`; nil when the batch did not ask about that one (a later channel, after the first
        /// refused the customer): then the store is asked.
        func suppression(of claim: Claim, channel: Int, address: String) -> Lookup? {
            guard let known = lookups[claim.id], known.channel == channel, known.address == address else { return nil }
            return known.lookup
        }
    }
}
