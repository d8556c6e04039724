import ArgumentParser
import RapportCore

/// `--active-within`: how recently a customer must have been active to count as a customer, for
/// retention and for the churn behind lifetime value.
struct ActivityWindowOption: ParsableArguments {
    @Option(help: "How recently a customer must have been active to count (e.g. 30d, 90d).")
    var activeWithin = Self.defaultText

    static let defaultText = "90d"

    /// For sections without the option that write the HTML page, whose retention figures need one.
    static var defaultWindow: TimeSpan { TimeSpan(defaultText)! }

    func validate() throws {
        guard let window = TimeSpan(activeWithin), window.seconds > 0 else {
            throw ValidationError("--active-within '\(activeWithin)' is not a period such as 90d")
        }
    }

    /// Valid once `validate()` passed.
    var window: TimeSpan { TimeSpan(activeWithin)! }
}
