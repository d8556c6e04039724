import Foundation
public import Logging

/// Every HTTP connection, relay connection and store handle takes a file descriptor. The soft
/// limit a process starts with is often 1024 while the hard limit is far higher, so a burst of
/// idle HTTP clients would exhaust it and the next accept — `/healthz`, a customer's
/// unsubscribe — would fail. The daemon raises its soft limit to the hard one at start, as Go's
/// runtime and many servers do; systemd's `LimitNOFILE=` sets the hard limit.
public enum FileDescriptorLimit {
    public static func raiseToHardLimit(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        let before = limit.rlim_cur
        limit.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            logger.debug("open files limit raised", metadata: ["from": "\(before)", "to": "\(limit.rlim_max)"])
        }
    }
}
