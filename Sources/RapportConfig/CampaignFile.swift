import Foundation
public import RapportCore

/// Reads one `campaigns/<id>.yml` into a `Campaign`, checking every key, every template and
/// every field a template names.
public enum CampaignFile {
    /// Reads the file, stopping at its first error; `check` uses `read(path:)`.
    public static func load(_ path: String) throws(ConfigError) -> Campaign {
        try read(path: path).campaign()
    }

    /// Reads the file and reports every independent mistake in it at once, with the campaign as
    /// far as it could be read.
    public static func read(path: String) -> CampaignReading {
        do {
            return read(try String(contentsOfFile: path, encoding: .utf8), file: path)
        } catch {
            return CampaignReading(
                errors: [
                    ConfigError(at: .init(file: path, line: 1, column: 1), field: "", message: "cannot read the file")
                ])
        }
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> Campaign {
        try read(text, file: file).campaign()
    }

    /// Each top-level key is read on its own, so a file with four mistakes shows four errors; the
    /// campaign comes back whenever its id, trigger, message and channels could be read, so its
    /// transports are checked too.
    static func read(_ text: String, file: String) -> CampaignReading {
        var problems = ConfigProblems()
        guard
            let (root, keys) = YAMLNode.topLevel(
                of: text, file: file,
                allowedKeys: [
                    "id", "description", "category", "transport", "channels", "trigger", "audience", "message",
                    "send_window", "priority", "max_delay", "tracking", "holdout", "goal",
                ], problems: &problems)
        else { return CampaignReading(errors: problems.errors) }
        let id = problems.attempt { () throws(ConfigError) -> String in
            guard let idNode = keys["id"] else { throw root.error("missing key 'id'") }
            let id = try idNode.nonEmptyString()
            guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw idNode.error("'\(id)' may hold only ASCII letters, digits, '-' and '_'")
            }
            return id
        }
        let category = problems.attempt { () throws(ConfigError) -> MessageCategory in
            guard let categoryNode = keys["category"] else { return .marketing }
            let text = try categoryNode.string()
            guard let value = MessageCategory(rawValue: text) else {
                throw categoryNode.error("'\(text)' is not one of marketing, transactional, survey")
            }
            return value
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let trigger = problems.attempt { () throws(ConfigError) -> Trigger in
            guard let triggerNode = keys["trigger"] else { throw root.error("missing key 'trigger'") }
            return try self.trigger(triggerNode, folder: folder)
        }
        let description = problems.attempt { () throws(ConfigError) in try keys["description"]?.string() }
        let transportNode = keys["transport"]
        let transport = problems.attempt { () throws(ConfigError) in try transportNode?.nonEmptyString() ?? "default" }
        let audience = problems.attempt { () throws(ConfigError) in
            Audience(try keys["audience"]?.sequence().map(AudienceRule.condition) ?? [])
        }
        let sendWindow = problems.attempt { () throws(ConfigError) in try keys["send_window"]?.sendWindow() }
        let priority = problems.attempt { () throws(ConfigError) in try keys["priority"]?.integer() }
        let maxDelay = problems.attempt { () throws(ConfigError) in try keys["max_delay"]?.timeSpan() }
        let holdout = problems.attempt { () throws(ConfigError) in try keys["holdout"].map(Self.holdout) }
        let goal = problems.attempt { () throws(ConfigError) in try keys["goal"].map(Self.goal) }
        let tracking = problems.attempt { () throws(ConfigError) in try keys["tracking"].map(Self.tracking) }
        // The fields a message may name depend on the trigger: without one, its templates are not checked.
        guard let trigger else { return CampaignReading(errors: problems.errors) }
        // Every message may link to its unsubscribe page; survey messages also name their score links.
        let extraFields: Set<String> =
            switch trigger {
            case .nps: EventTrigger.surveyFields.union(Campaign.linkFields).union(EventTrigger.eventFields)
            case .event: EventTrigger.eventFields.union(Campaign.linkFields)
            case .renewal: RenewalTrigger.templateFields.union(Campaign.linkFields)
            case .birthday: BirthdayTrigger.templateFields.union(Campaign.linkFields)
            default: Campaign.linkFields
            }
        let channels = problems.attempt { () throws(ConfigError) -> [CampaignChannel]? in
            guard let channelsNode = keys["channels"] else { return nil }
            if let transportNode {
                throw transportNode.error("give either 'transport' (one channel) or 'channels' (in order), not both")
            }
            return try CampaignChannelFile.channels(channelsNode, folder: folder, extraFields: extraFields)
        }
        let campaignMessage: CampaignMessage?
        if let messageNode = keys["message"] {
            campaignMessage = message(messageNode, folder: folder, extraFields: extraFields, problems: &problems)
        } else if let channels = channels ?? nil, channels.allSatisfy({ $0.message != nil || $0.zns != nil }) {
            // Every channel brings its own: the first one's stands for the campaign (preview, send-test).
            campaignMessage =
                channels.first(where: { $0.message != nil })?.message ?? CampaignChannelFile.emptyMessage(file: file)
        } else {
            problems.record(root.error("missing key 'message' (a channel without its own message sends this one)"))
            campaignMessage = nil
        }
        guard let id, let transport, let campaignMessage, let channels else {
            return CampaignReading(errors: problems.errors)
        }
        var campaign = Campaign(
            id: id, description: description ?? nil, category: category ?? .marketing,
            transport: channels?.first?.transport ?? transport, trigger: trigger, audience: audience ?? Audience(),
            message: campaignMessage, sourceFile: file)
        if let channels { campaign.channels = channels }
        campaign.transportLocation = transportNode?.location
        campaign.sendWindow = sendWindow ?? nil
        campaign.priority = (priority ?? nil) ?? 0
        campaign.maxDelay = (maxDelay ?? nil) ?? campaign.maxDelay
        campaign.holdout = holdout ?? nil
        campaign.goal = goal ?? nil
        if let tracking = tracking ?? nil { campaign.tracking = tracking }
        return CampaignReading(campaign: campaign, errors: problems.errors)
    }

    private static func holdout(_ node: YAMLNode) throws(ConfigError) -> Holdout {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix("%"), let percent = Double(text.dropLast()), let holdout = Holdout(share: percent / 100)
        else { throw node.error("give a share above 0% and below 100%, e.g. holdout: 10%") }
        return holdout
    }

    private static func goal(_ node: YAMLNode) throws(ConfigError) -> CampaignGoal {
        let goal = try node.mapping(allowedKeys: ["events", "within"])
        guard let eventsNode = goal["events"] else {
            throw node.error("missing key 'events': what counts as success, e.g. [purchase]")
        }
        let events = try eventsNode.strings()
        guard !events.isEmpty else { throw eventsNode.error("give at least one event kind") }
        guard let withinNode = goal["within"] else {
            throw node.error("missing key 'within': how long after the message, e.g. 7d")
        }
        let within = try withinNode.timeSpan()
        guard within.seconds > 0 else { throw withinNode.error("must be longer than zero") }
        return CampaignGoal(events: events, within: within)
    }

    private static func tracking(_ node: YAMLNode) throws(ConfigError) -> MessageTracking {
        let tracking = try node.mapping(allowedKeys: ["opens", "clicks"])
        return MessageTracking(
            opens: try tracking["opens"]?.bool() ?? false, clicks: try tracking["clicks"]?.bool() ?? false)
    }

    static func trigger(_ node: YAMLNode, folder: URL) throws(ConfigError) -> Trigger {
        let kinds: [String: Set<String>] = [
            "welcome": ["delay", "since", "steps", "exit"], "birthday": ["at", "feb29"],
            "renewal": ["before", "after", "at", "catch_up"],
            "inactivity": ["after", "from_signup"], "nps": ["kinds", "delay", "cooldown"],
            "event": ["kinds", "delay", "cooldown"],
        ]
        let any = try node.mapping(allowedKeys: kinds.values.reduce(["kind"]) { $0.union($1) })
        guard let kindNode = any["kind"] else {
            throw node.error("missing key 'kind' (welcome, birthday, renewal, inactivity, nps, event)")
        }
        let kind = try kindNode.string()
        // Keys of another kind are typos here, not options.
        let keys =
            try kinds[kind].map { allowed throws(ConfigError) in try node.mapping(allowedKeys: allowed.union(["kind"]))
            } ?? any
        switch kind {
        case "welcome":
            guard let since = keys["since"] else {
                throw node.error(
                    "missing key 'since' (YYYY-MM-DD): customers who signed up before it never get this welcome, so a new campaign does not mail the whole base"
                )
            }
            return .welcome(try welcome(keys, node: node, since: since, folder: folder))
        case "birthday":
            var rule = BirthdayTrigger.LeapDayRule.feb28
            if let feb29 = keys["feb29"] {
                let text = try feb29.string()
                guard let value = BirthdayTrigger.LeapDayRule(rawValue: text) else {
                    throw feb29.error("'\(text)' is not feb28 or mar1")
                }
                rule = value
            }
            let at = try keys["at"]?.localTime() ?? LocalTime(hour: 9, minute: 0)!
            return .birthday(BirthdayTrigger(at: at, feb29: rule))
        case "renewal":
            let before = try keys["before"].map { node throws(ConfigError) in try renewalOffsets(node, folder: folder) }
            let after = try keys["after"].map { node throws(ConfigError) in try renewalOffsets(node, folder: folder) }
            guard !(before?.days ?? []).isEmpty || !(after?.days ?? []).isEmpty else {
                throw node.error("give 'before' and/or 'after' offsets in days, e.g. before: [30d, 7d, 1d]")
            }
            var renewal = RenewalTrigger(
                before: before?.days ?? [], after: after?.days ?? [],
                at: try keys["at"]?.localTime() ?? LocalTime(hour: 9, minute: 0)!,
                catchUp: try keys["catch_up"]?.bool() ?? false)
            for (days, message) in before?.messages ?? [:] { renewal.messages[-days] = message }
            for (days, message) in after?.messages ?? [:] { renewal.messages[days] = message }
            return .renewal(renewal)
        case "inactivity":
            guard let after = keys["after"] else {
                throw node.error("missing key 'after': inactivity thresholds, e.g. after: [30d, 60d, 90d]")
            }
            var thresholds: [TimeSpan] = []
            for item in try after.sequence() {
                let span = try item.timeSpan()
                guard span.seconds > 0 else { throw item.error("a threshold must be longer than zero") }
                thresholds.append(span)
            }
            guard !thresholds.isEmpty else { throw after.error("give at least one threshold") }
            return .inactivity(
                InactivityTrigger(after: thresholds, fromSignup: try keys["from_signup"]?.bool() ?? false))
        case "nps":
            guard let kindsNode = keys["kinds"] else {
                throw node.error("missing key 'kinds': the interaction events to survey, e.g. [support_ticket_closed]")
            }
            let kinds = try kindsNode.strings()
            guard !kinds.isEmpty else { throw kindsNode.error("give at least one event kind") }
            return .nps(
                EventTrigger(
                    kinds: kinds, delay: try keys["delay"]?.timeSpan() ?? TimeSpan(seconds: 86_400),
                    cooldown: try keys["cooldown"]?.timeSpan() ?? TimeSpan(seconds: 90 * 86_400)))
        case "event":
            guard let kindsNode = keys["kinds"] else {
                throw node.error("missing key 'kinds': the events to follow, e.g. [nps_answer]")
            }
            let kinds = try kindsNode.strings()
            guard !kinds.isEmpty else { throw kindsNode.error("give at least one event kind") }
            return .event(
                EventTrigger(
                    kinds: kinds, delay: try keys["delay"]?.timeSpan() ?? TimeSpan(seconds: 0),
                    cooldown: try keys["cooldown"]?.timeSpan() ?? TimeSpan(seconds: 0)))
        case let other:
            throw kindNode.error(
                "unknown trigger kind '\(other)'; this version supports: welcome, birthday, renewal, inactivity, nps, event"
            )
        }
    }

    /// One message `delay` after signup, or a drip of `steps`, each with its own message or the
    /// campaign's.
    static func welcome(_ keys: [String: YAMLNode], node: YAMLNode, since: YAMLNode, folder: URL) throws(ConfigError)
        -> WelcomeTrigger
    {
        var exitEvents: [String] = []
        var exitEndsFirstStep = false
        if let exitNode = keys["exit"] {
            let exit = try exitNode.mapping(allowedKeys: ["events", "first_step"])
            exitEndsFirstStep = try exit["first_step"]?.bool() ?? false
            guard let events = exit["events"] else {
                throw exitNode.error("missing key 'events': event kinds that end the drip, e.g. [purchase]")
            }
            exitEvents = try events.strings()
            guard !exitEvents.isEmpty else { throw events.error("give at least one event kind") }
        }
        guard let stepsNode = keys["steps"] else {
            let delay = try keys["delay"]?.timeSpan() ?? TimeSpan(seconds: 0)
            return WelcomeTrigger(
                steps: [.init(delay: delay)], since: try since.localDate(), exitEvents: exitEvents,
                exitEndsFirstStep: exitEndsFirstStep)
        }
        if let delay = keys["delay"] {
            throw delay.error("give either 'delay' (one message) or 'steps' (a drip), not both")
        }
        var steps: [WelcomeTrigger.Step] = []
        var delays: [TimeSpan: YAMLNode] = [:]
        for stepNode in try stepsNode.sequence() {
            let step = try stepNode.mapping(allowedKeys: ["delay", "message"])
            guard let delayNode = step["delay"] else {
                throw stepNode.error("missing key 'delay': how long after signup this step goes, e.g. 3d")
            }
            let delay = try delayNode.timeSpan()
            if let earlier = delays[delay] {
                throw delayNode.error("two steps with delay \(delay) (the other at line \(earlier.location.line))")
            }
            delays[delay] = delayNode
            steps.append(
                WelcomeTrigger.Step(
                    delay: delay,
                    message: try step["message"].map { node throws(ConfigError) in
                        try message(node, folder: folder, extraFields: [])
                    }))
        }
        guard !steps.isEmpty else { throw stepsNode.error("give at least one step, e.g. - { delay: 1h }") }
        return WelcomeTrigger(
            steps: steps, since: try since.localDate(), exitEvents: exitEvents, exitEndsFirstStep: exitEndsFirstStep)
    }

    /// A renewal's `before:` or `after:` list: whole days (`[30d, 7d, 1d]`), each of which may
    /// instead be `{ offset: 3d, message: {…} }` with a message of its own.
    static func renewalOffsets(_ node: YAMLNode, folder: URL) throws(ConfigError) -> (
        days: [Int], messages: [Int: CampaignMessage]
    ) {
        var days: [Int] = []
        var messages: [Int: CampaignMessage] = [:]
        for item in try node.sequence() {
            guard item.isMapping else {
                days.append(try item.days())
                continue
            }
            let keys = try item.mapping(allowedKeys: ["offset", "message"])
            guard let offsetNode = keys["offset"] else {
                throw item.error(
                    "missing key 'offset': whole days from the renewal date, e.g. { offset: 3d, message: {…} }")
            }
            let offset = try offsetNode.days()
            days.append(offset)
            messages[offset] = try keys["message"].map { node throws(ConfigError) in
                try message(node, folder: folder, extraFields: RenewalTrigger.templateFields.union(Campaign.linkFields))
            }
        }
        return (days, messages)
    }

    static func message(
        _ node: YAMLNode, folder: URL, extraFields: Set<String>, subjectRequired: Bool = true
    ) throws(ConfigError) -> CampaignMessage {
        var problems = ConfigProblems()
        let message = message(
            node, folder: folder, extraFields: extraFields, subjectRequired: subjectRequired, problems: &problems)
        guard let message, problems.errors.isEmpty else { throw problems.errors[0] }
        return message
    }

    /// The message in every language; each template's mistake is recorded in `problems`, so a
    /// typo in the subject does not hide one in the text.
    static func message(
        _ node: YAMLNode, folder: URL, extraFields: Set<String>, subjectRequired: Bool = true,
        problems: inout ConfigProblems
    ) -> CampaignMessage? {
        guard
            let keys = node.mapping(
                allowedKeys: ["subject", "text", "html", "locales", "fallback"], problems: &problems)
        else { return nil }
        let main = content(
            keys, node: node, folder: folder, extraFields: extraFields, subjectRequired: subjectRequired,
            problems: &problems)
        var locales: [String: MessageContent] = [:]
        let entries = problems.attempt { () throws(ConfigError) in try keys["locales"]?.namedEntries() ?? [] }
        for (tag, localeNode) in entries ?? [] {
            guard let localeKeys = localeNode.mapping(allowedKeys: ["subject", "text", "html"], problems: &problems)
            else { continue }
            locales[tag] = content(
                localeKeys, node: localeNode, folder: folder, extraFields: extraFields,
                subjectRequired: subjectRequired, problems: &problems)
        }
        let fallback = problems.attempt { () throws(ConfigError) -> [String] in
            try (keys["fallback"]?.sequence() ?? []).map { tagNode throws(ConfigError) in
                let tag = try tagNode.nonEmptyString()
                guard locales.keys.contains(where: { $0.lowercased() == tag.lowercased() }) else {
                    throw tagNode.error(
                        "'\(tag)' has no variant under locales; fall back to one of \(locales.keys.sorted().joined(separator: ", ")), or add it"
                    )
                }
                return tag
            }
        }
        return main.map { CampaignMessage($0, locales: locales, fallback: fallback ?? []) }
    }

    /// A text with an empty subject.
    private static func textOnly(
        _ keys: [String: YAMLNode], node: YAMLNode, folder: URL, extraFields: Set<String>
    ) throws(ConfigError) -> MessageContent {
        guard let text = keys["text"] else { throw node.error("missing key 'text' (the message's text)") }
        if let html = keys["html"] { throw html.error("a text-only channel sends no HTML; remove html") }
        let empty: Template
        do {
            empty = try Template("", kind: .text, location: node.location)
        } catch {
            throw ConfigError(error, field: node.field)
        }
        return MessageContent(
            subject: empty,
            text: try TemplateSourceReader.template(
                text, kind: .text, folder: folder, allowFile: true, extraFields: extraFields))
    }

    /// One language's templates, each one's mistake recorded in `problems`. `subjectRequired` is
    /// false for a text-only channel (SMS), whose ledger row then shows the text's start.
    static func content(
        _ keys: [String: YAMLNode], node: YAMLNode, folder: URL, extraFields: Set<String>,
        subjectRequired: Bool = true, problems: inout ConfigProblems
    ) -> MessageContent? {
        guard let subject = keys["subject"] else {
            guard subjectRequired else {
                return problems.attempt { () throws(ConfigError) in
                    try textOnly(keys, node: node, folder: folder, extraFields: extraFields)
                }
            }
            problems.record(node.error("missing key 'subject'"))
            return nil
        }
        let subjectTemplate = problems.attempt { () throws(ConfigError) in
            try TemplateSourceReader.template(
                subject, kind: .text, folder: folder, allowFile: false, extraFields: extraFields)
        }
        let text = problems.attempt { () throws(ConfigError) in
            guard let text = keys["text"] else {
                throw node.error("missing key 'text' (a file beside the campaign, or inline text)")
            }
            return try TemplateSourceReader.template(
                text, kind: .text, folder: folder, allowFile: true, extraFields: extraFields)
        }
        let html = problems.attempt { () throws(ConfigError) in
            try keys["html"].map { node throws(ConfigError) in
                try TemplateSourceReader.template(
                    node, kind: .html, folder: folder, allowFile: true, extraFields: extraFields)
            }
        }
        guard let subjectTemplate, let text, let html else { return nil }
        return MessageContent(subject: subjectTemplate, text: text, html: html)
    }
}
