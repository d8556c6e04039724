import Foundation
public import RapportCore

/// All campaigns of a folder, and every problem found in it.
///
/// A broken file costs only its own campaign: the others load, and the daemon keeps the last
/// good version of the broken one (see `Scheduler`).
public struct CampaignSet: Sendable {
    public var campaigns: [Campaign]
    public var errors: [ConfigError]

    /// The campaigns of the config's folder, checked against its transports and links.
    public static func load(for config: DaemonConfig) -> CampaignSet {
        load(from: config.campaignsDirectory, transports: config.transports, linksConfigured: config.links != nil)
    }

    /// Loads every `*.yml` / `*.yaml` file in `directory`, checking ids are unique and each
    /// channel's transport exists in `transports` and fits it (a Zalo template for `zns`).
    public static func load(
        from directory: String, transports: [String: TransportConfig], linksConfigured: Bool = false
    ) -> CampaignSet {
        let folder = URL(fileURLWithPath: directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return CampaignSet(
                campaigns: [],
                errors: [
                    ConfigError(
                        at: .init(file: directory, line: 1, column: 1), field: "campaigns",
                        message: "cannot read the campaigns folder")
                ])
        }
        var campaigns: [Campaign] = []
        var errors: [ConfigError] = []
        var seen: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = folder.appendingPathComponent(name).path
            do {
                let campaign = try CampaignFile.load(path)
                let top = SourceLocation(file: path, line: 1, column: 1)
                if let first = seen[campaign.id] {
                    errors.append(
                        ConfigError(at: top, field: "id", message: "'\(campaign.id)' is already used by \(first)"))
                } else if let problem = channelProblem(campaign, transports: transports, top: top) {
                    errors.append(problem)
                } else if case .nps = campaign.trigger, !linksConfigured {
                    errors.append(
                        ConfigError(
                            at: top, field: "trigger.kind",
                            message:
                                "survey links need a links: section in the daemon config (base_url, signing_key_file)"))
                } else if campaign.tracking.isOn, !linksConfigured {
                    errors.append(
                        ConfigError(
                            at: top, field: "tracking",
                            message:
                                "open and click tracking need a links: section in the daemon config (base_url, signing_key_file)"
                        ))
                } else if let location = campaign.firstLinkField, !linksConfigured {
                    errors.append(
                        ConfigError(
                            at: location, field: "unsubscribe_url",
                            message:
                                "unsubscribe links need a links: section in the daemon config (base_url, signing_key_file)"
                        ))
                } else {
                    seen[campaign.id] = path
                    campaigns.append(campaign)
                }
            } catch {
                errors.append(error)
            }
        }
        return CampaignSet(campaigns: campaigns, errors: errors)
    }

    /// A channel naming a transport the config lacks, or whose content does not fit its transport.
    public static func channelProblem(_ campaign: Campaign, transports: [String: TransportConfig], top: SourceLocation)
        -> ConfigError?
    {
        let single = campaign.channels.count == 1 && campaign.channels[0].location == nil
        for (index, channel) in campaign.channels.enumerated() {
            let at = channel.location ?? top
            let field = single ? "transport" : "channels[\(index)]"
            guard let transport = transports[channel.transport] else {
                return ConfigError(
                    at: at, field: field,
                    message:
                        "'\(channel.transport)' is not a transport in the config; known: \(transports.keys.sorted().joined(separator: ", "))"
                )
            }
            if case .zns = transport, channel.zns == nil {
                return ConfigError(
                    at: at, field: field,
                    message:
                        "'\(channel.transport)' is a zns transport, which sends only templates Zalo approved; give this channel zns: { template_id: …, data: { … } }"
                )
            }
            if channel.zns != nil, !(transport.isZNS) {
                return ConfigError(
                    at: at, field: field, message: "zns: is for a zns transport; '\(channel.transport)' is not one")
            }
        }
        return nil
    }
}
