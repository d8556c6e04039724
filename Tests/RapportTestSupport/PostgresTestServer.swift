import Foundation
public import RapportCore

/// A real PostgreSQL server on loopback for this test process (`Fixtures/postgres_server.py`),
/// started on first use and stopped when the process ends; each test gets its own database.
///
/// `RAPPORT_TEST_POSTGRES` (`postgres://user@host:port`) points the tests at a server already
/// running instead; its user must be allowed to create databases.
public enum PostgresTestServer {
    private static let server: Result<FixtureServerProcess, FixtureServerProcess.StartError> = {
        do {
            return .success(
                try FixtureServerProcess(
                    name: "postgres", packages: ["postgresql"],
                    startFailure: { "the PostgreSQL test server did not start: \($0)" }))
        } catch let error as FixtureServerProcess.StartError {
            return .failure(error)
        } catch {
            return .failure(FixtureServerProcess.StartError(description: "\(error)"))
        }
    }()

    /// A new, empty database on the test server.
    public static func makeDatabase() throws -> PostgresLocation {
        var place: PostgresLocation
        if let url = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES"] {
            place = try PostgresLocation.parse(url + "/postgres").get()
        } else {
            place = PostgresLocation(
                host: "127.0.0.1", port: try server.get().port, username: "rapport", database: "postgres", tls: .disable
            )
        }
        let name = "rapport_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(place, "CREATE DATABASE \(name)")
        place.database = name
        return place
    }

    /// Runs one SQL command with `psql` as the test server's user.
    public static func psql(_ place: PostgresLocation, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/psql")
        process.arguments = [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", place.host, "-p", "\(place.port)", "-U", place.username, "-d",
            place.database, "-c", command,
        ]
        // A file, not a pipe: reading a pipe is interrupted by the signal psql's own exit sends.
        let errorLog = FileManager.default.temporaryDirectory.appending(path: "rapport-psql-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw FixtureServerProcess.StartError(description: "psql \(command): \(message)")
        }
    }
}
