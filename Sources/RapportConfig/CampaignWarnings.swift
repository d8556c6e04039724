public import RapportCore

/// What loads and may be deployed but probably says the wrong thing: `rapport check` prints each
/// as a warning after its ok line, without changing the exit status.
public enum CampaignWarnings {
    /// `links` is the config's, for the survey scan window.
    public static func of(_ campaigns: [Campaign], links: LinkSettings? = nil) -> [ConfigError] {
        campaigns.compactMap { campaign in
            if case .renewal(let renewal) = campaign.trigger, renewal.sharesOneMessageAcrossTheDate(campaign.message) {
                return ConfigError(
                    at: campaign.message.content.subject.location, field: "message",
                    message:
                        "one message serves the reminders before the renewal date and the follow-ups after it, and it cannot tell them apart; give the after offsets their own message ({ offset: 3d, message: {…} }), use {{#days_left}}…{{/days_left}} and {{#days_overdue}}…{{/days_overdue}}, or move the follow-ups to a marketing campaign of their own"
                )
            }
            if case .event(let rule) = campaign.trigger, rule.kinds.contains(CustomerEvent.npsAnswerKind),
                let window = links?.npsScanWindow, rule.delay < window
            {
                return ConfigError(
                    at: SourceLocation(file: campaign.sourceFile, line: 1, column: 1), field: "trigger.delay",
                    message:
                        "\(rule.delay) after a survey answer is shorter than links.nps_scan_window (\(window)): a mail scanner's sweep of the score links is taken back within the window, and a follow-up this quick may go out first; give delay: \(window) or more"
                )
            }
            return nil
        }
    }
}
