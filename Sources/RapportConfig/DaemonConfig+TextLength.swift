public import RapportCore

extension DaemonConfig {
    /// Texts that go by SMS and already take more than one part before any field is filled in:
    /// warnings for `rapport check`, which do not change its exit status. Vietnamese diacritics
    /// make a text UCS-2, 70 characters a part, and each part is billed.
    public func textLengthWarnings(campaigns: [Campaign]) -> [ConfigError] {
        var warnings: [ConfigError] = []
        for campaign in campaigns {
            for (index, channel) in campaign.channels.enumerated() {
                guard let transport = transports[channel.transport], transport.addressKind == .phone,
                    !transport.isZNS
                else { continue }
                let message = channel.message ?? campaign.message
                let field = campaign.channels.count == 1 ? "message.text" : "channels[\(index)].message.text"
                for template in message.allTemplates where template.kind == .text {
                    let length = SMSLength(template.literalText)
                    guard length.parts > 1 else { continue }
                    warnings.append(
                        ConfigError(
                            at: template.location, field: field,
                            message:
                                "goes by SMS through \(channel.transport) and is \(length) before its fields are filled in; each part is billed"
                        ))
                }
            }
        }
        return warnings
    }
}
