/// The 64-bit key of a named advisory lock, the same in every process and version: FNV-1a of
/// `rapport.` and the name.
enum StoreLockKey {
    static func of(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "rapport.\(name)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
