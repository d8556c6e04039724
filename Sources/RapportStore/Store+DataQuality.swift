internal import GRDB
public import RapportCore

extension Store {
    /// Hands every customer to `body`, by id, one row at a time: a whole-store check such as
    /// `rapport check --data` runs in constant memory, inside one read so it sees one state.
    public func forEachCustomer(_ body: (Customer) -> Void) throws(StoreError) {
        try perform {
            try engine.read { db in
                try CustomerColumns.forEach(db, sql: "SELECT * FROM customers ORDER BY id") { customer, _ in
                    body(customer)
                }
            }
        }
    }
}
