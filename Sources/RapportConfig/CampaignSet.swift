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

    /// The campaigns of a config that may have errors, checked against what of it could be read;
    /// none when it names no readable campaigns folder.
    public static func load(for reading: DaemonConfigReading) -> CampaignSet {
        guard let directory = reading.campaignsDirectory else { return CampaignSet(campaigns: [], errors: []) }
        return load(
            from: directory, transports: reading.transports, linksConfigured: reading.linksConfigured,
            unreadableTransports: reading.unreadableTransports)
    }

    /// Loads every `*.yml` / `*.yaml` file in `directory`, checking ids are unique and each
    /// channel's transport exists in `transports` and fits it (a Zalo template for `zns`). A
    /// channel naming one of `unreadableTransports` (declared, but with errors of its own) is not
    /// reported again.
    public static func load(
        from directory: String, transports: [String: TransportConfig], linksConfigured: Bool = false,
        unreadableTransports: Set<String> = []
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
            let reading = CampaignFile.read(path: path)
            var problems = reading.errors
            if let campaign = reading.partial {
                let top = SourceLocation(file: path, line: 1, column: 1)
                if let first = seen[campaign.id] {
                    problems.append(
                        ConfigError(at: top, field: "id", message: "'\(campaign.id)' is already used by \(first)"))
                }
                if let problem = channelProblem(
                    campaign, transports: transports, unreadable: unreadableTransports, top: top)
                {
                    problems.append(problem)
                }
                if !linksConfigured {
                    problems += linkProblems(campaign, top: top)
                }
                if problems.isEmpty {
                    seen[campaign.id] = path
                    campaigns.append(campaign)
                }
            }
            // In the order an editor meets them: the campaign file, then the templates it names.
            errors += problems.sorted { Self.order($0, in: path) < Self.order($1, in: path) }
        }
        return CampaignSet(campaigns: campaigns, errors: errors)
    }

    private static func order(_ error: ConfigError, in path: String) -> (Int, String, Int, Int) {
        (error.location.file == path ? 0 : 1, error.location.file, error.location.line, error.location.column)
    }

    /// What a campaign asks of the config's `links:` section when there is none: survey links,
    /// tracking, unsubscribe links.
    private static func linkProblems(_ campaign: Campaign, top: SourceLocation) -> [ConfigError] {
        let missing = "need a links: section in the daemon config (base_url, signing_key_file)"
        var problems: [ConfigError] = []
        if case .nps = campaign.trigger {
            problems.append(ConfigError(at: top, field: "trigger.kind", message: "survey links \(missing)"))
        }
        if campaign.tracking.isOn {
            problems.append(ConfigError(at: top, field: "tracking", message: "open and click tracking \(missing)"))
        }
        if let location = campaign.firstLinkField {
            problems.append(
                ConfigError(at: location, field: "unsubscribe_url", message: "unsubscribe links \(missing)"))
        }
        return problems
    }

    /// A channel naming a transport the config lacks, or whose content does not fit its transport.
    public static func channelProblem(
        _ campaign: Campaign, transports: [String: TransportConfig], unreadable: Set<String> = [],
        top: SourceLocation
    ) -> ConfigError? {
        let single = campaign.channels.count == 1 && campaign.channels[0].location == nil
        for (index, channel) in campaign.channels.enumerated() {
            let at = channel.location ?? campaign.transportLocation ?? top
            let field = single ? "transport" : "channels[\(index)]"
            guard let transport = transports[channel.transport] else {
                if unreadable.contains(channel.transport) { continue }
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
