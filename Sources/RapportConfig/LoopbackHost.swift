/// Hosts on this machine: the only places plain-text protocols (http://, SMTP without TLS) may
/// go, so keys, passwords and customer data never cross a network unencrypted.
enum LoopbackHost {
    static func contains(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "[::1]" || host == "::1" || host.hasPrefix("127.")
    }
}
