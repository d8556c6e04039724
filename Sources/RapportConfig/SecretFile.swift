import Foundation

/// Reads the files that hold secrets (passwords, API keys, the link-signing key, ingest tokens)
/// and makes the ones Rapport may create itself.
///
/// A secret that other users of the machine can read is no longer a secret: such a file is
/// refused, at start and by `check`, with the `chmod` that fixes it. Group read stays allowed,
/// so a file can be shared with the service's group (0640).
extension PathResolver {
    /// The bytes of the secret file `node` names, after checking who may read it; `create` makes
    /// it from 32 random bytes when it is missing and is not a systemd credential — written only
    /// when `createsMissingSecrets`, else kept in memory for this process alone.
    func secret(_ node: YAMLNode, _ what: String, create: (([UInt8]) -> Data)? = nil) throws(ConfigError) -> Data {
        let path = secretPath(try node.nonEmptyString())
        if let create, !isCredential(path) {
            if createsMissingSecrets {
                createPrivately(at: path, contents: create)
            } else if !FileManager.default.fileExists(atPath: path) {
                return create(Self.randomBytes())
            }
        }
        return try readSecret(at: path, node, what)
    }

    private func readSecret(at path: String, _ node: YAMLNode, _ what: String) throws(ConfigError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0, let data = FileManager.default.contents(atPath: path) else {
            throw node.error("cannot read the \(what) \(path)")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o007 == 0 else {
            throw node.error(
                "the \(what) \(path) is readable by other users (mode \(String(mode, radix: 8))); "
                    + "make it private with: chmod o-rwx \(path)")
        }
        return data
    }

    /// The password in the file `node` names (`password_file:`), without its final newline.
    /// systemd's SetCredential= default for an absent file is empty: that is said at start, not
    /// as a refused login at the first use.
    func password(_ node: YAMLNode, of service: String) throws(ConfigError) -> String {
        let text = String(decoding: try secret(node, "password file"), as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !text.isEmpty else {
            throw node.error(
                "the password file \(secretPath(try node.nonEmptyString())) is empty; write the \(service) password into it"
            )
        }
        return text
    }

    /// Creates the file with owner-only permissions from the first byte, so no other process can
    /// open it in between; does nothing when it exists (or another process created it first).
    private func createPrivately(at path: String, contents: ([UInt8]) -> Data) {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let bytes = Self.randomBytes()
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try? handle.write(contentsOf: contents(bytes))
    }

    private static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
