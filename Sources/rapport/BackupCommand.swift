import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store to a file while the daemon keeps running.",
        discussion: """
            Uses SQLite's online backup: the copy holds every transaction committed before it began and \
            none half-done, and the daemon keeps sending meanwhile. The copy is checked (PRAGMA \
            integrity_check), written owner-only (it holds personal data) and moved into place only when \
            complete, replacing an older backup of the same name.

            Restore: stop the daemon, put the copy in place of the store and remove the store's -wal and \
            -shm files, then start it again:
              systemctl stop rapport
              install -o rapport -g rapport -m 600 /var/backups/rapport.sqlite /var/lib/rapport/rapport.sqlite
              rm -f /var/lib/rapport/rapport.sqlite-wal /var/lib/rapport/rapport.sqlite-shm
              systemctl start rapport

            Examples:
              rapport backup /var/backups/rapport.sqlite
              rapport backup "/var/backups/rapport-$(date +%F).sqlite"
            What it prints:
              backup of /var/lib/rapport/rapport.sqlite written to /var/backups/rapport.sqlite: 1843 pages, \
            7548928 bytes, integrity ok
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "file"))
    var file: String

    @Flag(help: "Print what was written as one JSON object (store, path, pages, bytes).")
    var json = false

    /// What `backup --json` prints.
    struct Written: Encodable {
        var store: String
        var path: String
        var pages: Int
        var bytes: Int
    }

    func run() async throws {
        let config = try global.loadConfig()
        guard case .sqlite(let path) = config.store else {
            printError(
                "\(config.storePath) is a PostgreSQL database: back it up with pg_dump or the database's own snapshots; rapport backup copies an SQLite store"
            )
            throw ExitCode.failure
        }
        do {
            let backup = try Store.backup(from: path, to: file)
            if json {
                print(
                    JSONLines.encode(
                        Written(store: config.storePath, path: backup.path, pages: backup.pages, bytes: backup.bytes)))
                return
            }
            print(
                "backup of \(config.storePath) written to \(backup.path): \(backup.pages) pages, \(backup.bytes) bytes, integrity ok"
            )
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
