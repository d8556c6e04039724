public import RapportCore

/// What reading a campaign file gave: every error in it, and the campaign as far as it could be
/// read, so the checks that need a campaign (its transports, its links) still run on a file with
/// other mistakes.
public struct CampaignReading: Sendable {
    /// Nil when the id, trigger, message or channels could not be read; `errors` then says why.
    public var partial: Campaign?
    public var errors: [ConfigError]

    init(campaign: Campaign? = nil, errors: [ConfigError]) {
        partial = campaign
        self.errors = errors
    }

    /// The campaign, or the file's first error.
    func campaign() throws(ConfigError) -> Campaign {
        guard let partial, errors.isEmpty else { throw errors[0] }
        return partial
    }
}
