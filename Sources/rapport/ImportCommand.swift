public import ArgumentParser
import Foundation
import RapportConfig
public import RapportCore
import RapportStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load data into the store.",
        subcommands: [ImportCustomersCommand.self])
}

struct ImportCustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Create or update customers from a CSV or JSON Lines file.",
        discussion: """
            CSV needs a header row; JSON Lines has one object per line. Known columns: \
            \(CustomerRow.columns.sorted().joined(separator: ", ")). Any other column becomes a free \
            attribute that audiences and templates can use (attributes.<name>).

            Times are ISO 8601 with an offset (2026-11-20T09:30:00+07:00); dates are YYYY-MM-DD. A \
            customer is matched by id: values in the file replace stored ones, and empty or missing \
            values keep what is stored (so a partial export never wipes data or re-subscribes anyone).

            Every bad row is reported as FILE:LINE: field: reason and skipped; good rows are imported in \
            one transaction. Exit status: 0 when every row was imported, 65 when some rows were skipped.

            Example:
              rapport import customers config/sample-customers.csv
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    @Option(help: "csv or jsonl; by default taken from the file name.")
    var format: CustomerImport.Format?

    @OptionGroup var time: NowOption

    func run() async throws {
        let config = try global.loadConfig()
        guard let format = format ?? CustomerImport.format(forFileName: file) else {
            throw ValidationError("cannot tell the format of \(file); pass --format csv or --format jsonl")
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            printError("cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        var result = CustomerImport.parse(text, format: format)
        let store = try Store(path: config.storePath)
        let (summary, withoutEmail) = try store.upsert(result.rows.map(\.patch), at: time.wallClock.now)
        for row in result.rows where withoutEmail.contains(row.patch.id) {
            result.rejections.append(.init(line: row.line, reason: "email: is required for a new customer"))
        }
        for rejection in result.rejections.sorted(by: { $0.line < $1.line }) {
            printError("\(file):\(rejection.line): \(rejection.reason)")
        }
        let imported = summary.inserted + summary.updated
        print(
            "\(file): \(imported) customer\(imported == 1 ? "" : "s") imported (\(summary.inserted) new, \(summary.updated) updated), \(result.rejections.count) row\(result.rejections.count == 1 ? "" : "s") skipped"
        )
        if !result.rejections.isEmpty { throw ExitCode(65) }
    }
}

extension CustomerImport.Format: ExpressibleByArgument {}
