/// Who a campaign is for: every condition must hold.
public struct Audience: Sendable {
    public var conditions: [AudienceCondition]

    public init(_ conditions: [AudienceCondition] = []) {
        self.conditions = conditions
    }

    public func includes(_ customer: Customer) -> Bool {
        conditions.allSatisfy { $0.holds(for: customer) }
    }

    /// Whether a condition tests a free attribute rather than a standard field: only then must
    /// the candidates' attributes be read to decide.
    public var readsAttributes: Bool {
        conditions.contains { !Customer.fieldNames.contains($0.attribute) }
    }
}

/// One test on a customer field or attribute, as in `{ attribute: plan, in: [gold, silver] }`.
public struct AudienceCondition: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        case equals(String)
        case isIn([String])
        case notIn([String])
        case contains(String)
        case exists(Bool)
        case greaterThan(Double)
        case lessThan(Double)
    }

    /// A customer field (`locale`, `email`, …) or a free attribute name.
    public var attribute: String
    public var test: Test

    public init(attribute: String, test: Test) {
        self.attribute = attribute
        self.test = test
    }

    public func holds(for customer: Customer) -> Bool {
        let value = customer.fieldValue(named: attribute)
        switch test {
        case .exists(let expected): return (value != nil) == expected
        case .equals(let expected): return value?.description == expected
        case .isIn(let options): return value.map { options.contains($0.description) } ?? false
        case .notIn(let options): return value.map { !options.contains($0.description) } ?? true
        case .contains(let needle): return value?.description.contains(needle) ?? false
        case .greaterThan(let bound): return value?.numericValue.map { $0 > bound } ?? false
        case .lessThan(let bound): return value?.numericValue.map { $0 < bound } ?? false
        }
    }
}

extension AttributeValue {
    var numericValue: Double? {
        switch self {
        case .number(let value): value
        case .string(let text): Double(text)
        case .bool: nil
        }
    }
}
