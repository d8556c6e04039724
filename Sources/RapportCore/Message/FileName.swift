/// File names made from data — a Message-ID, a campaign or customer id — that stay inside their
/// folder.
public enum FileName {
    /// `text` with anything but ASCII letters, digits and `@._+-` replaced by `_`, at most 200
    /// characters, never empty nor starting with a dot, so it cannot name another directory or a
    /// hidden file.
    public static func component(_ text: String) -> String {
        let scalars = text.unicodeScalars.prefix(200).map { allowed.contains($0) ? $0 : "_" }
        let name = String(String.UnicodeScalarView(scalars))
        return name.isEmpty || name.hasPrefix(".") ? "_" + name : name
    }

    private static let allowed = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._+-".unicodeScalars)
}
