/// The errors found so far while reading a file, so one run of `rapport check` reports every
/// independent mistake instead of stopping at the first.
///
/// A section whose reading fails is recorded and left out; the sections after it are still read.
/// What depends on a failed section (a message whose fields depend on the trigger) is then not
/// checked, rather than reported with a consequence of the first mistake.
struct ConfigProblems {
    private(set) var errors: [ConfigError] = []

    /// The value `read` gives, or nil after recording why it could not.
    mutating func attempt<Value>(_ read: () throws(ConfigError) -> Value) -> Value? {
        do {
            return try read()
        } catch {
            errors.append(error)
            return nil
        }
    }

    mutating func record(_ error: ConfigError) {
        errors.append(error)
    }
}
