/// The few places where SQLite's SQL and PostgreSQL's differ.
enum StoreDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values (SQLite's two-argument MAX is PostgreSQL's GREATEST).
    func greatest(_ first: String, _ second: String) -> String {
        self == .sqlite ? "MAX(\(first), \(second))" : "GREATEST(\(first), \(second))"
    }

    /// `expression` compared without case: SQLite's suppression column does it by its NOCASE
    /// collation, PostgreSQL through lower() and an index on it.
    func caseless(_ expression: String) -> String {
        self == .sqlite ? expression : "lower(\(expression))"
    }

    /// A unique key on `column` compared without case, as an `ON CONFLICT` target.
    func caselessKey(_ column: String) -> String {
        self == .sqlite ? column : "(lower(\(column)))"
    }

    /// Pins a table's scan to `index` where the planner must be told (SQLite's `INDEXED BY`).
    func indexedBy(_ index: String) -> String {
        self == .sqlite ? " INDEXED BY \(index)" : ""
    }

    /// Appended to a selection of queue rows to take them without waiting for a concurrent claim.
    var skipLocked: String {
        self == .sqlite ? "" : " FOR UPDATE SKIP LOCKED"
    }

    /// The text of the JSON object `column`'s member named by the `?` this puts in its place;
    /// bind `jsonKey(name)` to it.
    func jsonText(_ column: String) -> String {
        self == .sqlite ? "CAST(json_extract(\(column), ?) AS TEXT)" : "(\(column)::jsonb ->> ?)"
    }

    func jsonKey(_ name: String) -> String {
        self == .sqlite ? "$.\"\(name)\"" : name
    }

    /// The number the JSON object `column` holds under `amount`, NULL when it holds none.
    func jsonAmount(_ column: String) -> String {
        self == .sqlite
            ? "CAST(json_extract(\(column), '$.amount') AS REAL)"
            : "CASE WHEN jsonb_typeof(\(column)::jsonb -> 'amount') = 'number' THEN (\(column)::jsonb ->> 'amount')::float8 END"
    }

    /// `column` with only its numeric `amount` member kept (`{}` when it has none).
    func jsonAmountOnly(_ column: String) -> String {
        self == .sqlite
            ? """
            CASE WHEN json_type(\(column), '$.amount') IN ('integer', 'real')
                THEN json_object('amount', json_extract(\(column), '$.amount')) ELSE '{}' END
            """
            : """
            CASE WHEN jsonb_typeof(\(column)::jsonb -> 'amount') = 'number'
                THEN jsonb_build_object('amount', \(column)::jsonb -> 'amount')::text ELSE '{}' END
            """
    }

    /// The JSON object `column` with the member named by the first `?` set to the text of the
    /// second; bind `jsonKey(name)` and the value.
    func jsonSettingText(_ column: String) -> String {
        self == .sqlite ? "json_set(\(column), ?, ?)" : "jsonb_set(\(column)::jsonb, ARRAY[?], to_jsonb(?::text))::text"
    }

    /// The integers of the JSON array bound to `?`, as a selection.
    var idsOfJSONArray: String {
        self == .sqlite ? "SELECT value FROM json_each(?)" : "SELECT jsonb_array_elements_text(?::jsonb)::bigint"
    }

    /// The stored time `expression` plus the seconds bound to `?`, as a stored time.
    func addingSeconds(to expression: String) -> String {
        self == .sqlite
            ? "strftime('%Y-%m-%d %H:%M:%f', \(expression), '+' || ? || ' seconds')"
            : "to_char(\(expression)::timestamp + make_interval(secs => ?), 'YYYY-MM-DD HH24:MI:SS.MS')"
    }
}
