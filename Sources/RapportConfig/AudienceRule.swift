import RapportCore

/// Reads one audience entry: `{ attribute: plan, in: [gold, silver] }`.
enum AudienceRule {
    static let tests = ["equals", "in", "not_in", "contains", "exists", "gt", "lt"]

    static func condition(_ node: YAMLNode) throws(ConfigError) -> AudienceCondition {
        let keys = try node.mapping(allowedKeys: Set(tests + ["attribute"]))
        guard let attribute = keys["attribute"] else { throw node.error("missing key 'attribute'") }
        let given = tests.filter { keys[$0] != nil }
        guard given.count == 1, let name = given.first, let value = keys[name] else {
            throw node.error("give exactly one test: \(tests.joined(separator: ", "))")
        }
        let test: AudienceCondition.Test
        switch name {
        case "equals": test = .equals(try value.string())
        case "in": test = .isIn(try value.strings())
        case "not_in": test = .notIn(try value.strings())
        case "contains": test = .contains(try value.string())
        case "exists": test = .exists(try value.bool())
        case "gt": test = .greaterThan(try value.number())
        default: test = .lessThan(try value.number())
        }
        return AudienceCondition(attribute: try attribute.nonEmptyString(), test: test)
    }
}
