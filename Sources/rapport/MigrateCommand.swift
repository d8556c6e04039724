import ArgumentParser
import RapportConfig
import RapportCore
import RapportStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the store's schema up to this version of rapport, and say what was applied.",
        discussion: """
            After an upgrade whose store schema changed, the daemon does not start on the old store \
            (it exits 78 and says so) until it is migrated: take a backup first (rapport backup, or \
            pg_dump), then run this once — on one host when several daemons share a PostgreSQL \
            database, with the others stopped, since an older daemon refuses a newer store. A store \
            already up to date is left alone. `rapport run --migrate` migrates at start instead.

            Examples:
              rapport backup /var/backups/rapport-before-upgrade.sqlite && rapport migrate
            What it prints:
              applied v17: …
              /var/lib/rapport/rapport.sqlite is at the current schema (17 migrations)
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.loadConfig()
        do {
            let plan = try Store.migrationPlan(config.store)
            _ = try Store(config.store)
            for identifier in plan.pending { print("applied \(identifier)") }
            let count = plan.applied.count + plan.pending.count
            print("\(config.storePath) is at the current schema (\(count) migration\(count == 1 ? "" : "s"))")
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
