/// One message for one customer, rendered and ready for a transport.
public struct Delivery: Sendable {
    public var campaignID: String
    public var customerID: String
    public var occurrence: OccurrenceKey
    public var message: OutgoingMessage
    /// What the campaign's templates saw of the customer (fields, attributes, links), for
    /// transports that render their own request body, such as an SMS API that needs a phone number.
    public var values: TemplateValues?

    public init(
        campaignID: String, customerID: String, occurrence: OccurrenceKey, message: OutgoingMessage,
        values: TemplateValues? = nil
    ) {
        self.campaignID = campaignID
        self.customerID = customerID
        self.occurrence = occurrence
        self.message = message
        self.values = values
    }

    /// The SMTP envelope and bytes: bounces go to the From address.
    public var envelope: Envelope {
        Envelope(
            mailFrom: message.from.address, recipient: message.to.address,
            data: MessageComposer.compose(message), messageID: message.messageID, delivery: self)
    }
}
