import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct CopyStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-store",
        abstract:
            "Copy the store — customers, events, ledger, consent history, surveys — into an empty PostgreSQL database.",
        discussion: """
            For a business moving from the embedded SQLite store to PostgreSQL. Reads one snapshot of \
            the store the config names and writes every row of every table into the database at --to \
            (created by its administrator, empty: the schema is made on first use), then counts each \
            table on both sides and fails unless they agree. The erasure salt goes along, so pseudonyms \
            of erased customers still match.

            Stop the daemon first, so nothing is written after the snapshot; then point the config's \
            store: at the database and start it again:
              systemctl stop rapport
              rapport copy-store --to postgres://rapport@db.example/rapport?sslmode=require \\
                --password-file /etc/rapport/db-password
              # store: { postgres: "postgres://rapport@db.example/rapport?sslmode=require",
              #          password_file: db-password }
              systemctl start rapport
            What it prints, one line per table:
              customers      12408 → 12408
              deliveries     80311 → 80311
              …
              copied /var/lib/rapport/rapport.sqlite into postgres://rapport@db.example:5432/rapport: every table matches
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into.", valueName: "postgres://user@host/database"))
    var to: String

    @Option(help: ArgumentHelp("A file holding the database password.", valueName: "file"))
    var passwordFile: String?

    func run() async throws {
        let config = try global.loadConfig()
        var place: PostgresLocation
        switch PostgresLocation.parse(to) {
        case .success(let parsed): place = parsed
        case .failure(let error): throw ValidationError("--to: the URL \(error)")
        }
        if let passwordFile {
            guard let text = FileManager.default.contents(atPath: passwordFile) else {
                printError("cannot read the password file \(passwordFile)")
                throw ExitCode(66)
            }
            place.password = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        do {
            let source = try Store(config.store, access: .readOnly)
            let destination = try Store(postgres: place)
            let tables = try source.copyTables(to: destination)
            for table in tables {
                print(
                    table.table.padding(toLength: 22, withPad: " ", startingAt: 0)
                        + "\(table.source) → \(table.destination)")
            }
            guard tables.allSatisfy({ $0.source == $0.destination }) else {
                printError("the counts differ: the copy is incomplete; drop the database's tables and copy again")
                throw ExitCode.failure
            }
            print("copied \(config.storePath) into \(place): every table matches")
        } catch let error as StoreError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
