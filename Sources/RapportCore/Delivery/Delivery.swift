/// One message for one customer, rendered and ready for a transport.
public struct Delivery: Sendable {
    public var campaignID: String
    public var customerID: String
    public var occurrence: OccurrenceKey
    public var message: OutgoingMessage
    /// What the campaign's templates saw of the customer (fields, attributes, links), for
    /// transports that render their own request body, such as an SMS API that needs a phone number.
    public var values: TemplateValues?
    /// Which of the campaign's channels this message goes by, and its transport.
    public var channel = 0
    public var transport: String?
    /// For a `zns` channel: the template and its parameters' values.
    public var zns: ZNSMessage?

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
            mailFrom: message.from.address, recipient: message.to,
            data: MessageComposer.compose(message), messageID: message.messageID, delivery: self)
    }
}
