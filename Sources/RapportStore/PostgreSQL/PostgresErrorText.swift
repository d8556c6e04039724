internal import PostgresNIO

/// What went wrong, in words an operator can act on. PostgresNIO's errors describe themselves
/// vaguely on purpose (a query's text may hold personal data); the server's own message and
/// SQLSTATE name no values.
enum PostgresErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let server = error.serverInfo, let message = server[.message] {
            return "\(message) (SQLSTATE \(server[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}
