import Foundation
import RapportCore
internal import Yams

/// A YAML value with the file and key path it came from, so every conversion error can say
/// `file:line:column: field: what is wrong`.
struct YAMLNode {
    let node: Node
    let file: String
    let field: String

    /// Parses a whole file; a syntax error is reported at the line and column libyaml gives.
    static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(at: .init(file: file, line: 1, column: 1), field: "", message: "the file is empty")
            }
            return YAMLNode(node: node, file: file, field: "")
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(yamlError: error, file: file)
        } catch {
            throw ConfigError(at: .init(file: file, line: 1, column: 1), field: "", message: "\(error)")
        }
    }

    /// A file's top-level mapping and its known keys, each unknown key recorded in `problems`; nil,
    /// with the reason recorded, when the text is not YAML or not a mapping.
    static func topLevel(
        of text: String, file: String, allowedKeys: Set<String>, problems: inout ConfigProblems
    ) -> (root: YAMLNode, keys: [String: YAMLNode])? {
        guard let root = problems.attempt({ () throws(ConfigError) in try parse(text, file: file) }),
            let keys = root.mapping(allowedKeys: allowedKeys, problems: &problems)
        else { return nil }
        return (root, keys)
    }

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Where a text value's first character sits: after an opening quote, or on the line after
    /// a `|` or `>` block indicator.
    var textStart: SourceLocation {
        let start = location
        guard let scalar = node.scalar else { return start }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            return SourceLocation(file: start.file, line: start.line, column: start.column + 1)
        case .literal, .folded:
            return SourceLocation(file: start.file, line: start.line + 1, column: 1)
        default:
            return start
        }
    }

    func error(_ message: String) -> ConfigError {
        ConfigError(at: location, field: field, message: message)
    }

    /// The UTF-8 text of the file at `path`, which this node names, so an unreadable file is
    /// reported at the key: `cannot read the <what> <path>`.
    func contents(ofFile path: String, _ what: String) throws(ConfigError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw self.error("cannot read the \(what) \(path)")
        }
    }

    /// The entries of a mapping, refusing keys it does not know so a typo is caught, not ignored.
    /// A `{ key: value }` node rather than a scalar or a list.
    var isMapping: Bool { node.mapping != nil }

    func mapping(allowedKeys: Set<String>) throws(ConfigError) -> [String: YAMLNode] {
        var problems = ConfigProblems()
        let entries = mapping(allowedKeys: allowedKeys, problems: &problems)
        guard let entries, problems.errors.isEmpty else { throw problems.errors[0] }
        return entries
    }

    /// The known entries of a mapping; each unknown key is recorded in `problems`, so a file with
    /// several typos has them all reported at once. Nil, recorded, when the node is no mapping.
    func mapping(allowedKeys: Set<String>, problems: inout ConfigProblems) -> [String: YAMLNode]? {
        guard let mapping = node.mapping else {
            problems.record(error("expected a mapping of keys to values"))
            return nil
        }
        var entries: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let child = YAMLNode(node: value, file: file, field: field.isEmpty ? name : "\(field).\(name)")
            guard allowedKeys.contains(name) else {
                problems.record(
                    ConfigError(
                        at: YAMLNode(node: key, file: file, field: "").location, field: child.field,
                        message: "unknown key; expected one of \(allowedKeys.sorted().joined(separator: ", "))"))
                continue
            }
            entries[name] = child
        }
        return entries
    }

    /// Entries of a mapping whose keys are names chosen by the operator (transports, locales).
    func namedEntries() throws(ConfigError) -> [(name: String, node: YAMLNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping of names to values") }
        return mapping.map { key, value in
            let name = key.string ?? ""
            return (name, YAMLNode(node: value, file: file, field: field.isEmpty ? name : "\(field).\(name)"))
        }
    }

    func sequence() throws(ConfigError) -> [YAMLNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { index, item in
            YAMLNode(node: item, file: file, field: "\(field)[\(index)]")
        }
    }

    func string() throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw error("expected a text value") }
        return scalar.string
    }

    func nonEmptyString() throws(ConfigError) -> String {
        let text = try string()
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("must not be empty") }
        return text
    }

    func strings() throws(ConfigError) -> [String] {
        var values: [String] = []
        for item in try sequence() { values.append(try item.string()) }
        return values
    }

    func bool() throws(ConfigError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    func integer() throws(ConfigError) -> Int {
        guard let value = node.int else { throw error("expected a whole number") }
        return value
    }

    func number() throws(ConfigError) -> Double {
        guard let value = node.float else { throw error("expected a number") }
        return value
    }

    func timeSpan() throws(ConfigError) -> TimeSpan {
        let text = try string()
        guard let span = TimeSpan(text) else {
            throw error("'\(text)' is not a duration; write a number and a unit: 30s, 15m, 1h, 3d, 2w, 1y")
        }
        return span
    }

    /// A whole number of days: `7d`, `2w`.
    func days() throws(ConfigError) -> Int {
        let span = try timeSpan()
        guard span.seconds > 0, span.seconds % 86_400 == 0 else {
            throw error("'\(span)' must be a whole number of days, e.g. 7d or 2w")
        }
        return Int(span.seconds / 86_400)
    }

    /// `{ from: "08:00", to: "21:00" }`.
    func sendWindow() throws(ConfigError) -> SendWindow {
        let keys = try mapping(allowedKeys: ["from", "to"])
        guard let from = keys["from"], let to = keys["to"] else {
            throw error("give both from and to, e.g. { from: \"08:00\", to: \"21:00\" }")
        }
        return SendWindow(from: try from.localTime(), to: try to.localTime())
    }

    func localTime() throws(ConfigError) -> LocalTime {
        let text = try string()
        guard let time = LocalTime(text) else { throw error("'\(text)' is not a time of day such as \"09:00\"") }
        return time
    }

    func localDate() throws(ConfigError) -> LocalDate {
        let text = try string()
        guard let date = LocalDate(text) else { throw error("'\(text)' is not a date in the form YYYY-MM-DD") }
        return date
    }

    func timeZone() throws(ConfigError) -> TimeZone {
        let text = try string()
        guard let zone = TimeZone(identifier: text) else {
            throw error("'\(text)' is not an IANA time zone such as Asia/Ho_Chi_Minh or Europe/Paris")
        }
        return zone
    }
}

extension ConfigError {
    init(yamlError: YamlError, file: String) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            self.init(
                at: .init(file: file, line: mark.line, column: mark.column), field: "",
                message: "YAML syntax error: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                at: .init(file: file, line: context.mark.line, column: context.mark.column), field: "",
                message: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            self.init(at: .init(file: file, line: 1, column: 1), field: "", message: "YAML error: \(yamlError)")
        }
    }
}
