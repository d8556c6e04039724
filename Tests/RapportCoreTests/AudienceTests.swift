import RapportCore
import Testing

@Suite struct AudienceTests {
    let customer = Customer(
        id: "C1", email: "lan@example.vn", locale: "vi",
        attributes: ["plan": .string("gold"), "orders": .number(12), "vip": .bool(true)])

    @Test(arguments: [
        (AudienceCondition.Test.isIn(["gold", "silver"]), "plan", true),
        (.isIn(["silver"]), "plan", false),
        (.notIn(["bronze"]), "plan", true),
        (.notIn(["bronze"]), "missing", true),
        (.equals("vi"), "locale", true),
        (.contains("@example.vn"), "email", true),
        (.exists(true), "plan", true),
        (.exists(false), "plan", false),
        (.exists(false), "missing", true),
        (.greaterThan(10), "orders", true),
        (.lessThan(10), "orders", false),
        (.greaterThan(1), "plan", false),
        (.equals("true"), "vip", true),
    ])
    func conditionHolds(test: AudienceCondition.Test, attribute: String, expected: Bool) {
        #expect(AudienceCondition(attribute: attribute, test: test).holds(for: customer) == expected)
    }

    /// An audience that does not read attributes decides the same without them: candidates can
    /// then be fetched without decoding them.
    @Test(arguments: ["plan", "attributes.plan", "orders", "locale", "email", "full_name", "id", "subscription"])
    func readsAttributesExactlyWhenTheyCanChangeTheAnswer(name: String) {
        let audience = Audience([AudienceCondition(attribute: name, test: .exists(true))])
        var bare = customer
        bare.attributes = [:]
        #expect(audience.readsAttributes == (audience.includes(customer) != audience.includes(bare)))
    }

    @Test func everyConditionMustHold() {
        let audience = Audience([
            AudienceCondition(attribute: "plan", test: .isIn(["gold"])),
            AudienceCondition(attribute: "orders", test: .greaterThan(20)),
        ])
        #expect(!audience.includes(customer))
        #expect(Audience().includes(customer))
    }
}
