/// One way a campaign can reach a customer: a transport, and what goes through it when the
/// campaign's own message does not fit (a short text for SMS, an approved Zalo template).
///
/// A campaign lists its channels in order (`channels:`); each occurrence goes by the first one
/// the customer has an address for and is not suppressed on, and moves to the next when a
/// channel refuses the recipient for good. A campaign with only `transport:` has one channel.
public struct CampaignChannel: Sendable {
    /// Name of a transport in the daemon config.
    public var transport: String
    /// This channel's own templates; nil: the campaign's `message`.
    public var message: CampaignMessage?
    /// For a `zns` transport: the approved template and the values of its parameters.
    public var zns: ZNSTemplate?
    /// Where the channel is written, for `check`.
    public var location: SourceLocation?

    public init(
        transport: String, message: CampaignMessage? = nil, zns: ZNSTemplate? = nil, location: SourceLocation? = nil
    ) {
        self.transport = transport
        self.message = message
        self.zns = zns
        self.location = location
    }
}
