public import ArgumentParser
public import RapportCore

/// `--html FILE` and `--lang`: the HTML page instead of a section's table. Part of every report
/// section's options, so `rapport report --html out.html campaigns` writes the page as
/// `rapport report campaigns --html out.html` does, rather than print a table and drop the flag.
struct ReportPageOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write one self-contained HTML page (NPS, cohort retention, campaign funnel, holdout lift, lifetime value, loyalty tiers) instead of a table.",
            valueName: "file"))
    var html: String?

    @Option(help: "The page's language: vi or en. Default: the config's language, else en.")
    var lang: DisplayLanguage?

    func validate() throws {
        if lang != nil && html == nil { throw ValidationError("--lang is the HTML page's language; add --html FILE") }
    }
}

extension DisplayLanguage: ExpressibleByArgument {}
