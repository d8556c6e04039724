import Foundation
import RapportCore

/// Reads a campaign's `channels:`: each a transport name alone (`- email`, which sends the
/// campaign's message), or a transport with its own `message:` (a short text for SMS) or `zns:`
/// (a Zalo template id and the values of its parameters).
enum CampaignChannelFile {
    static func channels(_ node: YAMLNode, folder: URL, extraFields: Set<String>) throws(ConfigError)
        -> [CampaignChannel]
    {
        var channels: [CampaignChannel] = []
        var seen: [String: YAMLNode] = [:]
        for item in try node.sequence() {
            let channel = try self.channel(item, folder: folder, extraFields: extraFields)
            if let earlier = seen[channel.transport] {
                throw item.error(
                    "transport '\(channel.transport)' is already a channel at line \(earlier.location.line); each goes once")
            }
            seen[channel.transport] = item
            channels.append(channel)
        }
        guard !channels.isEmpty else { throw node.error("give at least one channel, e.g. [zalo, sms, email]") }
        return channels
    }

    private static func channel(_ node: YAMLNode, folder: URL, extraFields: Set<String>) throws(ConfigError)
        -> CampaignChannel
    {
        if (try? node.string()) != nil {
            return CampaignChannel(transport: try node.nonEmptyString(), location: node.location)
        }
        let keys = try node.mapping(allowedKeys: ["transport", "message", "zns"])
        guard let transport = keys["transport"] else {
            throw node.error("missing key 'transport': the name of a transport in the daemon config")
        }
        var channel = CampaignChannel(transport: try transport.nonEmptyString(), location: node.location)
        if let message = keys["message"], let zns = keys["zns"] {
            throw zns.error("give either 'message' or 'zns' for one channel, not both (line \(message.location.line))")
        }
        if let message = keys["message"] {
            channel.message = try CampaignFile.message(
                message, folder: folder, extraFields: extraFields, subjectRequired: false)
        }
        if let zns = keys["zns"] { channel.zns = try template(zns, extraFields: extraFields) }
        return channel
    }

    /// `zns: { template_id: "231677", data: { customer_name: "{{full_name}}", address: { value: …, max: 200 } } }`
    private static func template(_ node: YAMLNode, extraFields: Set<String>) throws(ConfigError) -> ZNSTemplate {
        let keys = try node.mapping(allowedKeys: ["template_id", "data"])
        guard let idNode = keys["template_id"] else {
            throw node.error("missing key 'template_id': the id of the template Zalo approved, e.g. \"231677\"")
        }
        let id = try idNode.nonEmptyString()
        guard id.allSatisfy(\.isASCII), id.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw idNode.error("'\(id)' is not a ZNS template id (digits, as Zalo shows it)")
        }
        var parameters: [ZNSTemplate.Parameter] = []
        for (name, valueNode) in try keys["data"]?.namedEntries() ?? [] {
            var textNode = valueNode
            var maximum = ZNSTemplate.defaultMaximumLength
            if (try? valueNode.string()) == nil {
                let parameter = try valueNode.mapping(allowedKeys: ["value", "max"])
                guard let value = parameter["value"] else {
                    throw valueNode.error("missing key 'value', e.g. { value: \"{{full_name}}\", max: 30 }")
                }
                textNode = value
                if let maxNode = parameter["max"] {
                    maximum = try maxNode.integer()
                    guard (1...1000).contains(maximum) else { throw maxNode.error("give a length from 1 to 1000") }
                }
            }
            let value = try TemplateSourceReader.template(
                textNode, kind: .text, folder: URL(fileURLWithPath: "/"), allowFile: false, extraFields: extraFields)
            if value.fields.isEmpty, (try textNode.string()).count > maximum {
                throw textNode.error("is longer than the \(maximum) characters Zalo allows for \(name)")
            }
            parameters.append(ZNSTemplate.Parameter(name: name, value: value, maximumLength: maximum))
        }
        return ZNSTemplate(templateID: id, parameters: parameters)
    }

    /// The campaign's stand-in message when every channel is a Zalo template: nothing to render.
    static func emptyMessage(file: String) -> CampaignMessage {
        let location = SourceLocation(file: file, line: 1, column: 1)
        let empty = try! Template("", kind: .text, location: location)
        return CampaignMessage(MessageContent(subject: empty, text: empty))
    }
}
