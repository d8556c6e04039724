internal import GRDB

/// The values bound to a statement's `?` placeholders, in order, for either engine.
struct StoreArguments: ExpressibleByArrayLiteral, Sendable {
    private(set) var values: [DatabaseValue]

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init<S: Sequence>(_ sequence: S) where S.Element: DatabaseValueConvertible {
        values = sequence.map(\.databaseValue)
    }

    init(values: [DatabaseValue]) {
        self.values = values
    }

    static func + (lhs: StoreArguments, rhs: StoreArguments) -> StoreArguments {
        StoreArguments(values: lhs.values + rhs.values)
    }

    mutating func append(_ value: (any DatabaseValueConvertible)?) {
        values.append(value?.databaseValue ?? .null)
    }

    mutating func append(contentsOf other: StoreArguments) {
        values += other.values
    }

    var statementArguments: StatementArguments {
        StatementArguments(values)
    }
}
