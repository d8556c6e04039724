internal import GRDB
public import RapportCore

extension Store {
    /// Hands every customer to `body`, by id, one row at a time: a whole-store check such as
    /// `rapport check --data` runs in constant memory, inside one read so it sees one state.
    public func forEachCustomer(_ body: (Customer) -> Void) throws(StoreError) {
        try perform {
            try writer.read { db in
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM customers ORDER BY id")
                while let row = try rows.next() { body(try Self.customer(from: row)) }
            }
        }
    }
}
