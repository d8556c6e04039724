public import RapportCore

extension DaemonConfig {
    /// What loads and runs but must not be deployed: `rapport check` refuses it (so systemd's
    /// `ExecStartPre=` keeps such a set from starting), and a daemon started by hand logs each one
    /// as a warning.
    public func risks(campaigns: [Campaign]) -> [ConfigError] {
        var risks: [ConfigError] = []
        let timeouts = transports.compactMap { name, transport -> (String, TimeSpan)? in
            switch transport {
            case .file: nil
            case .smtp(let smtp): (name, smtp.timeout)
            case .http(let http): (name, http.timeout)
            // A token renewal may come first, within the same bound.
            case .zns(let zns): (name, TimeSpan(seconds: zns.timeout.seconds * 2))
            }
        }
        if let (name, timeout) = timeouts.max(by: { $0.1 < $1.1 }), delivery.lease < timeout {
            risks.append(
                ConfigError(
                    at: leaseLocation ?? SourceLocation(file: file, line: 1, column: 1), field: "delivery.lease",
                    message:
                        "\(delivery.lease) is shorter than transports.\(name).timeout (\(timeout)): a lease that runs out while a message is still being sent lets another daemon send it again; give lease: \(timeout) or more"
                ))
        }
        if links == nil {
            for campaign in campaigns where campaign.category != .transactional {
                risks.append(
                    ConfigError(
                        at: SourceLocation(file: campaign.sourceFile, line: 1, column: 1), field: "category",
                        message:
                            "\(campaign.category.rawValue) mail must carry an unsubscribe link (List-Unsubscribe, which Gmail and Yahoo require of bulk senders), and the config has no links: section; add one (base_url, signing_key_file), or mark the campaign transactional if it is"
                    ))
            }
        }
        return risks
    }
}
