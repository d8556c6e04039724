import ArgumentParser

/// `--segment`: the customer attribute lifetime value is broken down by, in `report value` and on
/// the HTML page. One option group in both, so `rapport report --segment plan value` reaches the
/// section as `rapport report value --segment plan` does.
struct SegmentOption: ParsableArguments {
    @Option(help: "A customer attribute to break lifetime value down by, e.g. plan.")
    var segment: String?
}
