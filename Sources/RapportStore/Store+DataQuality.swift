internal import GRDB
public import RapportCore

extension Store {
    /// Hands every customer to `body`, by id, one row at a time: a whole-store check such as
    /// `rapport check --data` runs in constant memory, inside one read so it sees one state.
    public func forEachCustomer(_ body: (Customer) -> Void) throws(StoreError) {
        try perform {
            try writer.read { db in
                let statement = try db.makeStatement(sql: "SELECT * FROM customers ORDER BY id")
                let columns = CustomerColumns(statement.columnNames)
                let rows = try Row.fetchCursor(statement)
                while let row = try rows.next() { body(try columns.customer(from: row)) }
            }
        }
    }
}
