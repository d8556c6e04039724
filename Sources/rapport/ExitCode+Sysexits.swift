import ArgumentParser

/// The exit statuses of sysexits.h that Rapport uses, so scripts and systemd can tell a mistake in
/// the command line from bad data, a missing file or a broken config.
extension ExitCode {
    /// 64 EX_USAGE: the command line is wrong (its usage is printed).
    static let usage = ExitCode(64)
    /// 65 EX_DATAERR: some input rows or addresses were refused (each is reported); the rest went in.
    static let dataError = ExitCode(65)
    /// 66 EX_NOINPUT: an input file does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// 73 EX_CANTCREAT: an output file or folder cannot be created.
    static let cannotCreate = ExitCode(73)
    /// 75 EX_TEMPFAIL: try again later; what was in flight is sent again after its lease.
    static let temporaryFailure = ExitCode(75)
    /// 78 EX_CONFIG: the config or a campaign file has errors (each is reported with its place).
    static let configError = ExitCode(78)

    /// The statuses as `--help` and the README list them.
    static let sysexitsSummary = """
        Exit status: 0 success; 1 an operation failed (store, transport, network); 64 usage error; \
        65 some input rows or addresses refused; 66 input file missing or unreadable; 73 output file or folder cannot be created; 75 shutdown \
        bound reached, messages sent again later; 78 config or campaign file errors.
        """
}
