public import RapportCore

/// What loads and may be deployed but probably says the wrong thing: `rapport check` prints each
/// as a warning after its ok line, without changing the exit status.
public enum CampaignWarnings {
    public static func of(_ campaigns: [Campaign]) -> [ConfigError] {
        campaigns.compactMap { campaign in
            guard case .renewal(let renewal) = campaign.trigger, renewal.sharesOneMessageAcrossTheDate(campaign.message)
            else { return nil }
            return ConfigError(
                at: campaign.message.content.subject.location, field: "message",
                message:
                    "one message serves the reminders before the renewal date and the follow-ups after it, and it cannot tell them apart; give the after offsets their own message ({ offset: 3d, message: {…} }), use {{#days_left}}…{{/days_left}} and {{#days_overdue}}…{{/days_overdue}}, or move the follow-ups to a marketing campaign of their own"
            )
        }
    }
}
