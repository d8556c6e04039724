import Foundation
internal import GRDB
internal import NIOCore
internal import PostgresNIO

/// Between GRDB's values, which every query binds and decodes, and PostgreSQL's wire types.
enum PostgresValues {
    static func bindings(_ arguments: StoreArguments) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value.storage {
            case .null: bindings.appendNull()
            case .int64(let integer): bindings.append(integer)
            case .double(let double): bindings.append(double)
            case .string(let string): bindings.append(string)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        return bindings
    }

    /// A GRDB row with the same column names and values as SQLite would have given: integers
    /// and flags as integers, numerics as integers when whole, text as text.
    static func row(_ row: PostgresRow) throws -> Row {
        var columns: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row {
            columns[cell.columnName] = try value(cell)
        }
        return Row(columns)
    }

    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .bool:
            return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .int2, .int4, .int8, .oid:
            return try cell.decode(Int64.self).databaseValue
        case .float4, .float8:
            return try cell.decode(Double.self).databaseValue
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            if decimal == decimal.rounded(), let whole = Int64(exactly: NSDecimalNumber(decimal: decimal)) {
                return whole.databaseValue
            }
            return NSDecimalNumber(decimal: decimal).doubleValue.databaseValue
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? []).databaseValue
        default:
            return try cell.decode(String.self).databaseValue
        }
    }
}

extension Decimal {
    fileprivate func rounded() -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .plain)
        return result
    }
}
