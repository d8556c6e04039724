import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// The store holds personal data: private files, and copies that are private too.
@Suite struct StorePrivacyTests {
    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    func customer(_ id: String) -> CustomerPatch {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        patch.firstName = "Nhung"
        return patch
    }

    @Test func theStoreAndItsWriteAheadLogAreOwnerOnlyWhateverTheUmask() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store/rapport.sqlite")
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try Store(path: path)
        _ = try store.upsert([customer("C1")], at: Date(timeIntervalSince1970: 0))
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
    }

    @Test func aStoreLeftReadableByAnOlderVersionIsClosedToOthersWhenOpened() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rapport.sqlite")
        _ = try Store(path: path)
        chmod(path, 0o644)
        _ = try Store(path: path)
        #expect(try mode(path) == 0o640)
    }

    @Test func aBackupHoldsTheDataIsPrivateAndReplacesAnOlderOneWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        _ = try store.upsert([customer("C1"), customer("C2")], at: Date(timeIntervalSince1970: 0))
        let target = directory.path("backup.sqlite")
        try "an older backup".write(toFile: target, atomically: true, encoding: .utf8)
        let backup = try Store.backup(from: directory.path("rapport.sqlite"), to: target)
        #expect(backup.pages > 0 && backup.bytes == backup.pages * 4096)
        #expect(try mode(target) == 0o600)
        let copy = try Store(path: target, access: .readOnly)
        #expect(try copy.customer(id: "C2")?.firstName == "Nhung")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter {
            $0.contains("partial") || $0.hasPrefix("backup.sqlite-")
        }
        #expect(leftovers.isEmpty, "one self-contained file: \(leftovers)")
    }

    @Test func aBackupOfNoStoreOrIntoNoFolderSaysWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        #expect {
            try Store.backup(from: directory.path("missing.sqlite"), to: directory.path("b.sqlite"))
        } throws: { "\($0)".contains("no store here") }
        _ = try Store(path: directory.path("rapport.sqlite"))
        #expect {
            try Store.backup(from: directory.path("rapport.sqlite"), to: directory.path("no/such/folder/b.sqlite"))
        } throws: { "\($0)".contains("cannot create the backup") }
    }
}
