import Foundation

extension CustomerRun {
    /// What a delivery worker (`Courier`) makes of a claimed row when its transport sends nothing:
    /// sent by the first of the campaign's channels the customer has an address for and is not
    /// suppressed on, else skipped or suppressed with each channel's reason. The row is updated as
    /// the worker's `complete` would; returns the message handed over.
    func dryRun(
        _ entry: inout LedgerEntry, by evaluator: CampaignEvaluator, at now: Date, lookups: some PreviewLookups
    ) throws -> Delivery? {
        func finish(_ status: DeliveryStatus, _ reply: String, _ message: OutgoingMessage? = nil) {
            entry.status = status
            entry.reply = reply
            entry.recipient = message?.to.address ?? entry.recipient
            entry.subject = message?.subject ?? entry.subject
            entry.messageID = message?.messageID.description ?? entry.messageID
            entry.notBefore = nil
            entry.finishedAt = now
        }
        guard evaluator.isEligible(customer) else {
            finish(.skipped, "unsubscribed or left the audience before it was sent")
            return nil
        }
        let event = try lookups.triggeringEvent(of: entry.occurrence)
        let channels = evaluator.campaign.channels
        var passedOver: [(transport: String, reason: String, suppressed: Bool)] = []
        func whyNot() -> String {
            channels.count == 1
                ? passedOver[passedOver.count - 1].reason
                : passedOver.map { "\($0.transport): \($0.reason)" }.joined(separator: "; ")
        }
        for channel in channels.indices {
            let transport = channels.count == 1 ? entry.transport ?? channels[0].transport : channels[channel].transport
            let delivery: Delivery
            switch evaluator.delivery(
                for: customer, occurrence: entry.occurrence, at: now, channel: channel, event: event)
            {
            case .success(let rendered): delivery = rendered
            case .failure(let unsendable):
                passedOver.append((transport, unsendable.reason, false))
                continue
            }
            if let reason = try lookups.suppression(of: delivery.message.to.address, on: transport) {
                passedOver.append((transport, "suppressed: \(reason)", true))
                guard channel + 1 < channels.count else {
                    finish(.suppressed, whyNot(), delivery.message)
                    return nil
                }
                continue
            }
            finish(.sent, simulation.dryRunReply, delivery.message)
            entry.transport = transport
            return delivery
        }
        finish(passedOver.contains(where: \.suppressed) ? .suppressed : .skipped, whyNot())
        return nil
    }
}
